/* The LC-trie of net/ipv4/fib_trie.c (Linux 6.18), function for function:
 * the shape /proc/net/fib_trie prints follows from these rules and from
 * the order routes were added. See fib4_trie.h.
 *
 * Nodes live in one array that grows, so no pointer into it is kept
 * across a node's creation: N(i) is looked up each time. A tnode wider
 * than MAX_BITS is not made (the kernel's allocation failing: the resize
 * is skipped), which no table of a model comes near. */
#include "fib4_trie.h"

#include <linux/rtnetlink.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define KEYLENGTH 32
#define MAX_BITS 20
#define MAX_WORK 10
#define N(i) (t->n[i])

static const unsigned int halve_threshold = 25, inflate_threshold = 50;
static const unsigned int halve_threshold_root = 15, inflate_threshold_root = 30;

static void *grow(void *p, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return p;
	*cap = *cap ? *cap * 2 : 16;
	if (*cap < need)
		*cap = need;
	p = realloc(p, *cap * size);
	if (!p)
		abort();
	return p;
}

static int new_node(struct fib4_trie *t, unsigned int slots)
{
	t->n = grow(t->n, &t->cap, t->nn + 1, sizeof(*t->n));
	int i = (int)t->nn++;
	N(i) = (struct fib4_node){ .parent = FIB4_NONE };
	N(i).child = malloc(slots * sizeof(int));
	if (!N(i).child)
		abort();
	for (unsigned int k = 0; k < slots; k++)
		N(i).child[k] = FIB4_NONE;
	return i;
}

void fib4_trie_init(struct fib4_trie *t)
{
	*t = (struct fib4_trie){ 0 };
	t->root = new_node(t, 1);
	N(t->root).pos = KEYLENGTH;
	N(t->root).slen = KEYLENGTH;
}

void fib4_trie_free(struct fib4_trie *t)
{
	for (size_t i = 0; i < t->nn; i++) {
		free(t->n[i].child);
		free(t->n[i].alias);
	}
	free(t->n);
	free(t->fa);
	*t = (struct fib4_trie){ 0 };
}

static bool is_trie(const struct fib4_trie *t, int n) { return N(n).pos >= KEYLENGTH; }
static bool is_tnode(const struct fib4_trie *t, int n) { return N(n).bits != 0; }

static unsigned long child_length(const struct fib4_trie *t, int tn)
{
	return (1ul << N(tn).bits) & ~1ul;
}

static unsigned long get_index(const struct fib4_trie *t, uint32_t key, int kv)
{
	if (N(kv).pos >= KEYLENGTH)
		return 0;
	return (unsigned long)(key ^ N(kv).key) >> N(kv).pos;
}

static int get_child(const struct fib4_trie *t, int tn, unsigned long i)
{
	return N(tn).child[i];
}

static int tnode_new(struct fib4_trie *t, uint32_t key, int pos, int bits)
{
	if (bits > MAX_BITS)
		return FIB4_NONE;
	int tn = new_node(t, 1u << bits);
	unsigned int shift = (unsigned int)(pos + bits);
	N(tn).empty = 1u << bits;
	N(tn).key = shift < KEYLENGTH ? (key >> shift) << shift : 0;
	N(tn).pos = (uint8_t)pos;
	N(tn).bits = (uint8_t)bits;
	N(tn).slen = (uint8_t)pos;
	return tn;
}

static void alias_add(struct fib4_trie *t, int l, size_t at, int fa)
{
	struct fib4_node *n = &N(l);
	n->alias = grow(n->alias, &n->capalias, n->nalias + 1, sizeof(int));
	memmove(n->alias + at + 1, n->alias + at, (n->nalias - at) * sizeof(int));
	n->alias[at] = fa;
	n->nalias++;
}

static int leaf_new(struct fib4_trie *t, uint32_t key, int fa)
{
	int l = new_node(t, 1);
	N(l).key = key;
	N(l).slen = t->fa[fa].slen;
	alias_add(t, l, 0, fa);
	return l;
}

static bool tnode_full(const struct fib4_trie *t, int tn, int n)
{
	return n != FIB4_NONE && N(n).pos + N(n).bits == N(tn).pos && is_tnode(t, n);
}

static void put_child(struct fib4_trie *t, int tn, unsigned long i, int n)
{
	int chi = get_child(t, tn, i);
	if (n == FIB4_NONE && chi != FIB4_NONE) {
		if (++N(tn).empty == 0)
			N(tn).full++;
	}
	if (n != FIB4_NONE && chi == FIB4_NONE) {
		if (N(tn).empty == 0)
			N(tn).full--;
		N(tn).empty--;
	}
	bool wasfull = tnode_full(t, tn, chi), isfull = tnode_full(t, tn, n);
	if (wasfull && !isfull)
		N(tn).full--;
	else if (!wasfull && isfull)
		N(tn).full++;
	if (n != FIB4_NONE && N(tn).slen < N(n).slen)
		N(tn).slen = N(n).slen;
	N(tn).child[i] = n;
}

static void update_children(struct fib4_trie *t, int tn)
{
	for (unsigned long i = child_length(t, tn); i;) {
		int inode = get_child(t, tn, --i);
		if (inode == FIB4_NONE)
			continue;
		if (N(inode).parent == tn)
			update_children(t, inode);
		else
			N(inode).parent = tn;
	}
}

static void put_child_root(struct fib4_trie *t, int tp, uint32_t key, int n)
{
	if (is_trie(t, tp))
		N(tp).child[0] = n;
	else
		put_child(t, tp, get_index(t, key, tp), n);
}

static int resize(struct fib4_trie *t, int tn);

static int replace(struct fib4_trie *t, int oldtnode, int tn)
{
	int tp = N(oldtnode).parent;
	N(tn).parent = tp;
	put_child_root(t, tp, N(tn).key, tn);
	update_children(t, tn);
	for (unsigned long i = child_length(t, tn); i;) {
		int inode = get_child(t, tn, --i);
		if (tnode_full(t, tn, inode))
			tn = resize(t, inode);
	}
	return tp;
}

static int inflate(struct fib4_trie *t, int oldtnode)
{
	int tn = tnode_new(t, N(oldtnode).key, N(oldtnode).pos - 1, N(oldtnode).bits + 1);
	if (tn == FIB4_NONE)
		return FIB4_NONE;
	uint32_t m = 1u << N(tn).pos;
	for (unsigned long i = child_length(t, oldtnode); i;) {
		int inode = get_child(t, oldtnode, --i);
		if (inode == FIB4_NONE)
			continue;
		if (!tnode_full(t, oldtnode, inode)) {
			put_child(t, tn, get_index(t, N(inode).key, tn), inode);
			continue;
		}
		if (N(inode).bits == 1) {
			put_child(t, tn, 2 * i + 1, get_child(t, inode, 1));
			put_child(t, tn, 2 * i, get_child(t, inode, 0));
			continue;
		}
		int node1 = tnode_new(t, N(inode).key | m, N(inode).pos, N(inode).bits - 1);
		int node0 = tnode_new(t, N(inode).key, N(inode).pos, N(inode).bits - 1);
		for (unsigned long k = child_length(t, inode), j = k / 2; j;) {
			put_child(t, node1, --j, get_child(t, inode, --k));
			put_child(t, node0, j, get_child(t, inode, j));
			put_child(t, node1, --j, get_child(t, inode, --k));
			put_child(t, node0, j, get_child(t, inode, j));
		}
		N(node1).parent = tn;
		N(node0).parent = tn;
		put_child(t, tn, 2 * i + 1, node1);
		put_child(t, tn, 2 * i, node0);
	}
	return replace(t, oldtnode, tn);
}

static int halve(struct fib4_trie *t, int oldtnode)
{
	int tn = tnode_new(t, N(oldtnode).key, N(oldtnode).pos + 1, N(oldtnode).bits - 1);
	for (unsigned long i = child_length(t, oldtnode); i;) {
		int node1 = get_child(t, oldtnode, --i);
		int node0 = get_child(t, oldtnode, --i);
		if (node1 == FIB4_NONE || node0 == FIB4_NONE) {
			put_child(t, tn, i / 2, node1 != FIB4_NONE ? node1 : node0);
			continue;
		}
		int inode = tnode_new(t, N(node0).key, N(oldtnode).pos, 1);
		put_child(t, inode, 1, node1);
		put_child(t, inode, 0, node0);
		N(inode).parent = tn;
		put_child(t, tn, i / 2, inode);
	}
	return replace(t, oldtnode, tn);
}

static int collapse(struct fib4_trie *t, int oldtnode)
{
	int n = FIB4_NONE;
	for (unsigned long i = child_length(t, oldtnode); n == FIB4_NONE && i;)
		n = get_child(t, oldtnode, --i);
	int tp = N(oldtnode).parent;
	put_child_root(t, tp, N(oldtnode).key, n);
	if (n != FIB4_NONE)
		N(n).parent = tp;
	return tp;
}

static uint8_t update_suffix(struct fib4_trie *t, int tn)
{
	uint8_t slen = N(tn).pos;
	unsigned int top = N(tn).pos + N(tn).bits - 1u;
	uint8_t slen_max = (uint8_t)(top < N(tn).slen ? top : N(tn).slen);
	for (unsigned long i = 0, stride = 2; i < child_length(t, tn); i += stride) {
		int n = get_child(t, tn, i);
		if (n == FIB4_NONE || N(n).slen <= slen)
			continue;
		stride <<= (N(n).slen - slen);
		slen = N(n).slen;
		i &= ~(stride - 1);
		if (slen >= slen_max)
			break;
	}
	N(tn).slen = slen;
	return slen;
}

static bool should_inflate(const struct fib4_trie *t, int tp, int tn)
{
	unsigned long used = child_length(t, tn), threshold = used;
	threshold *= is_trie(t, tp) ? inflate_threshold_root : inflate_threshold;
	used -= N(tn).empty;
	used += N(tn).full;
	return used > 1 && N(tn).pos && 50 * used >= threshold;
}

static bool should_halve(const struct fib4_trie *t, int tp, int tn)
{
	unsigned long used = child_length(t, tn), threshold = used;
	threshold *= is_trie(t, tp) ? halve_threshold_root : halve_threshold;
	used -= N(tn).empty;
	return used > 1 && N(tn).bits > 1 && 100 * used < threshold;
}

static bool should_collapse(const struct fib4_trie *t, int tn)
{
	unsigned long used = child_length(t, tn) - N(tn).empty;
	if (N(tn).bits == KEYLENGTH && N(tn).full)
		used -= UINT32_MAX;
	return used < 2;
}

static int resize(struct fib4_trie *t, int tn)
{
	int tp = N(tn).parent;
	unsigned long cindex = get_index(t, N(tn).key, tp);
	int max_work = MAX_WORK;
	while (should_inflate(t, tp, tn) && max_work) {
		tp = inflate(t, tn);
		if (tp == FIB4_NONE)
			break;
		max_work--;
		tn = get_child(t, tp, cindex);
	}
	tp = N(tn).parent;
	if (max_work != MAX_WORK)
		return tp;
	while (should_halve(t, tp, tn) && max_work) {
		tp = halve(t, tn);
		if (tp == FIB4_NONE)
			break;
		max_work--;
		tn = get_child(t, tp, cindex);
	}
	if (should_collapse(t, tn))
		return collapse(t, tn);
	return N(tn).parent;
}

static void node_push_suffix(struct fib4_trie *t, int tn, uint8_t slen)
{
	while (N(tn).slen < slen) {
		N(tn).slen = slen;
		tn = N(tn).parent;
	}
}

static int find_node(const struct fib4_trie *t, int *tp, uint32_t key)
{
	int pn, n = t->root;
	unsigned long index = 0;
	do {
		pn = n;
		n = get_child(t, n, index);
		if (n == FIB4_NONE)
			break;
		index = (key ^ N(n).key) >> N(n).pos;
		if (index >= (1ul << N(n).bits)) {
			n = FIB4_NONE;
			break;
		}
	} while (is_tnode(t, n));
	*tp = pn;
	return n;
}

static void trie_rebalance(struct fib4_trie *t, int tn)
{
	while (!is_trie(t, tn))
		tn = resize(t, tn);
}

static int fls32(uint32_t x)
{
	return 31 - __builtin_clz(x);
}

static void insert_node(struct fib4_trie *t, int tp, int fa, uint32_t key)
{
	int l = leaf_new(t, key, fa);
	int n = get_child(t, tp, get_index(t, key, tp));
	if (n != FIB4_NONE) {
		int tn = tnode_new(t, key, fls32(key ^ N(n).key), 1);
		N(tn).parent = tp;
		put_child(t, tn, get_index(t, key, tn) ^ 1, n);
		put_child_root(t, tp, key, tn);
		N(n).parent = tn;
		tp = tn;
	}
	node_push_suffix(t, tp, t->fa[fa].slen);
	N(l).parent = tp;
	put_child_root(t, tp, key, l);
	trie_rebalance(t, tp);
}

/* fib_insert_alias; before is a position in l's list or -1 (none). */
static void insert_alias(struct fib4_trie *t, int tp, int l, int fa, long before, uint32_t key)
{
	if (l == FIB4_NONE) {
		insert_node(t, tp, fa, key);
		return;
	}
	const struct fib4_alias *nw = &t->fa[fa];
	size_t at;
	if (before >= 0) {
		at = (size_t)before;
	} else {
		at = 0;
		for (size_t i = 0; i < N(l).nalias; i++) {
			const struct fib4_alias *last = &t->fa[N(l).alias[i]];
			if (nw->slen < last->slen || (nw->slen == last->slen && nw->tb_id > last->tb_id))
				break;
			at = i + 1;
		}
	}
	uint8_t slen = nw->slen;
	alias_add(t, l, at, fa);
	if (N(l).slen < slen) {
		N(l).slen = slen;
		node_push_suffix(t, tp, slen);
	}
}

static int add_alias(struct fib4_trie *t, const struct fib4_alias *a)
{
	t->fa = grow(t->fa, &t->capfa, t->nfa + 1, sizeof(*t->fa));
	t->fa[t->nfa] = *a;
	return (int)t->nfa++;
}

void fib4_trie_insert(struct fib4_trie *t, uint32_t key, const struct fib4_alias *a)
{
	int tp, l = find_node(t, &tp, key);
	long before = -1;
	/* fib_find_alias, then past the group of equal routes (NLM_F_APPEND) */
	for (size_t i = 0; l != FIB4_NONE && i < N(l).nalias; i++) {
		const struct fib4_alias *fa = &t->fa[N(l).alias[i]];
		if (fa->slen < a->slen)
			continue;
		if (fa->slen != a->slen)
			break;
		if (fa->tb_id > a->tb_id)
			continue;
		if (fa->tb_id != a->tb_id)
			break;
		if (fa->tos > a->tos)
			continue;
		if (fa->prio >= a->prio || fa->tos < a->tos) {
			before = (long)i;
			if (fa->tos == a->tos && fa->prio == a->prio) {
				while ((size_t)before < N(l).nalias) {
					const struct fib4_alias *g = &t->fa[N(l).alias[before]];
					if (g->slen != a->slen || g->tb_id != a->tb_id || g->tos != a->tos ||
					    g->prio != a->prio)
						break;
					before++;
				}
				if ((size_t)before == N(l).nalias)
					before = -1;
			}
			break;
		}
	}
	insert_alias(t, tp, l, add_alias(t, a), before, key);
}

/* The leaves under n, in key order. */
static void leaves(const struct fib4_trie *t, int n, int **out, size_t *nout, size_t *cap)
{
	if (n == FIB4_NONE)
		return;
	if (!is_tnode(t, n)) {
		*out = grow(*out, cap, *nout + 1, sizeof(int));
		(*out)[(*nout)++] = n;
		return;
	}
	for (unsigned long i = 0; i < child_length(t, n); i++)
		leaves(t, get_child(t, n, i), out, nout, cap);
}

/* fib_table_flush_external: drop the aliases of other tables. */
static void flush_external(struct fib4_trie *t, uint32_t tb_id)
{
	int pn = t->root;
	unsigned long cindex = 1;
	for (;;) {
		if (!(cindex--)) {
			uint32_t pkey = N(pn).key;
			if (is_trie(t, pn))
				break;
			if (N(pn).slen > N(pn).pos)
				update_suffix(t, pn);
			pn = resize(t, pn);
			cindex = get_index(t, pkey, pn);
			continue;
		}
		int n = get_child(t, pn, cindex);
		if (n == FIB4_NONE)
			continue;
		if (is_tnode(t, n)) {
			pn = n;
			cindex = 1ul << N(n).bits;
			continue;
		}
		uint8_t slen = 0;
		size_t kept = 0;
		for (size_t i = 0; i < N(n).nalias; i++) {
			if (t->fa[N(n).alias[i]].tb_id != tb_id)
				continue;
			slen = t->fa[N(n).alias[i]].slen;
			N(n).alias[kept++] = N(n).alias[i];
		}
		N(n).nalias = kept;
		N(n).slen = slen;
		if (!kept)
			put_child_root(t, pn, N(n).key, FIB4_NONE);
	}
}

void fib4_trie_unmerge(struct fib4_trie *main, struct fib4_trie *local, uint32_t local_id)
{
	int *l = NULL;
	size_t nl = 0, cap = 0;
	leaves(main, main->n[main->root].child[0], &l, &nl, &cap);
	for (size_t i = 0; i < nl; i++) {
		const struct fib4_node *ml = &main->n[l[i]];
		int local_l = FIB4_NONE, local_tp = FIB4_NONE;
		for (size_t k = 0; k < ml->nalias; k++) {
			const struct fib4_alias *fa = &main->fa[ml->alias[k]];
			if (fa->tb_id != local_id)
				continue;
			if (local_l == FIB4_NONE)
				local_l = find_node(local, &local_tp, ml->key);
			insert_alias(local, local_tp, local_l, add_alias(local, fa), -1, ml->key);
		}
	}
	free(l);
	flush_external(main, RT_TABLE_MAIN);
}

int fib4_trie_first(const struct fib4_trie *t, struct fib4_iter *it)
{
	int n = N(t->root).child[0];
	if (n == FIB4_NONE)
		return FIB4_NONE;
	if (is_tnode(t, n))
		*it = (struct fib4_iter){ .tnode = n, .index = 0, .depth = 1 };
	else
		*it = (struct fib4_iter){ .tnode = t->root, .index = 0, .depth = 0 };
	return n;
}

int fib4_trie_next(const struct fib4_trie *t, struct fib4_iter *it)
{
	unsigned long cindex = it->index;
	int pn = it->tnode;
	while (!is_trie(t, pn)) {
		while (cindex < child_length(t, pn)) {
			int n = get_child(t, pn, cindex++);
			if (n == FIB4_NONE)
				continue;
			if (!is_tnode(t, n)) {
				it->tnode = pn;
				it->index = cindex;
			} else {
				it->tnode = n;
				it->index = 0;
				++it->depth;
			}
			return n;
		}
		uint32_t pkey = N(pn).key;
		pn = N(pn).parent;
		cindex = get_index(t, pkey, pn) + 1;
		--it->depth;
	}
	it->tnode = pn;
	it->index = 0;
	return FIB4_NONE;
}
