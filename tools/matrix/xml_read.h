/* A reader of the XML that `veneer matrix --junit` writes, for `merge`:
 * elements, attributes, character data, character and the five predefined
 * entity references, CDATA sections, comments and processing instructions,
 * with XML 1.0's end-of-line and attribute-value normalisation. No DTDs,
 * no namespaces, no other encoding than UTF-8: a file with any is refused
 * with its line and column. (libxml2 would read more, but it is one binary:
 * it would bring ICU and libstdc++ into every `veneer run`.) */
#ifndef VENEER_MATRIX_XML_READ_H
#define VENEER_MATRIX_XML_READ_H

#include <stddef.h>

struct xml_node {
	char *name;
	char **attr;              /* name, value, name, value ... */
	size_t nattr;
	struct xml_node **kids;
	size_t nkids;
	char *text;               /* its character data, all of it, in order */
	size_t line, col;         /* where its start tag is */
};

/* The document's root element, or NULL with "PATH:LINE:COL: what" in err. */
struct xml_node *xml_parse(const char *text, size_t len, const char *path, char *err,
			   size_t errlen);
void xml_free(struct xml_node *n);
/* The value of an attribute, or NULL. */
const char *xml_attr(const struct xml_node *n, const char *name);

#endif
