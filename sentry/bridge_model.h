/* The bridges' forwarding database and multicast database: what
 * `bridge fdb` and `bridge mdb` list beyond what the links imply.
 *
 * A bridge's fdb holds a "local" entry for each port's address and for
 * its own (br_fdb_add_local), learned entries and those a user added. The
 * local ones follow from the links and are derived when rendered
 * (vn_fdb_local_*), so that ports joining or leaving the model change
 * them as the kernel does; the model keeps the others (vn_br.fdbs), as a
 * snapshot recorded them. The mdb is the snapshot's (host-joined groups
 * and the ports' memberships, from snooping or `bridge mdb add`). */
#ifndef VENEER_BRIDGE_MODEL_H
#define VENEER_BRIDGE_MODEL_H

#define VN_NTF_EXT_LOCKED (1u << 1)   /* NDA_FLAGS_EXT, newer than some headers */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct vn_model;
struct vn_link;

struct vn_fdb {
	int bridge;               /* the bridge's ifindex (NDA_MASTER) */
	int port;                 /* the port's ifindex; the bridge's own entry: the bridge's */
	uint8_t mac[6];
	uint16_t vlan;            /* NDA_VLAN, 0 = none */
	uint16_t state;           /* NUD_PERMANENT (local), NUD_NOARP (static), NUD_REACHABLE, NUD_STALE */
	uint8_t flags;            /* NTF_EXT_LEARNED, NTF_STICKY, NTF_OFFLOADED */
	uint32_t ext_flags;       /* NDA_FLAGS_EXT: NTF_EXT_LOCKED */
	uint32_t used, updated;   /* ages in clock ticks (NDA_CACHEINFO), as recorded */
};

struct vn_mdb {
	int bridge;               /* ifindex */
	int port;                 /* ifindex; the bridge itself for a group the host joined */
	uint16_t proto;           /* ETH_P_IP, ETH_P_IPV6 (host order); 0: a MAC group */
	uint8_t grp[16];          /* IPv4 in the first 4 bytes, or a MAC in the first 6 */
	uint8_t src[16];          /* MDBA_MDB_EATTR_SOURCE ((S,G) entries) */
	bool has_src;
	uint16_t vid;
	uint8_t state;            /* MDB_TEMPORARY, MDB_PERMANENT */
	uint8_t flags;            /* MDB_FLAGS_* */
	uint8_t rtprot;           /* MDBA_MDB_EATTR_RTPROT: RTPROT_KERNEL (snooped), RTPROT_STATIC */
	uint32_t timer;           /* centiseconds left, as recorded */
};

struct vn_br {
	struct vn_fdb *fdbs; size_t nfdbs;   /* newest first, as br->fdb_list */
	struct vn_mdb *mdbs; size_t nmdbs;   /* newest group first, as br->mdb_list */
};

/* The model's bridge state, made on first use; NULL when there is none. */
struct vn_br *vn_br_get(struct vn_model *m);
void vn_br_free(struct vn_model *m);
void vn_br_add_fdb(struct vn_model *m, const struct vn_fdb *f);
void vn_br_add_mdb(struct vn_model *m, const struct vn_mdb *e);

/* Is l a port of a bridge of the model (its master a bridge)? */
bool vn_is_bridge_port(const struct vn_model *m, const struct vn_link *l);
bool vn_is_bridge(const struct vn_link *l);

/* The local entry br_add_if made for port p, if it holds one: a port
 * whose address an earlier port of the bridge (lower port number) has
 * finds that entry taken (fdb_add_local keeps the first). */
bool vn_fdb_local_port(const struct vn_model *m, const struct vn_link *p);
/* The bridge's own entry (no port): there unless a port holds its address. */
bool vn_fdb_local_bridge(const struct vn_model *m, const struct vn_link *br);

/* Is f a local entry the links already imply (so a loader keeps it out)? */
bool vn_fdb_is_derived(const struct vn_model *m, const struct vn_fdb *f);

#endif
