/* The scenario library shipped with veneer (scenarios/ in the source,
 * share/veneer/scenarios installed): where it is, and `veneer scenarios`. */
#ifndef VENEER_SCENARIO_LIBRARY_H
#define VENEER_SCENARIO_LIBRARY_H

#include <stdio.h>

/* The library's directory, or NULL when there is none. */
const char *veneer_library_dir(void);
/* `veneer scenarios [--path]`: each scenario's name and description, or
 * the directory. Returns the exit status. */
int veneer_scenarios_main(int argc, char **argv);

#endif
