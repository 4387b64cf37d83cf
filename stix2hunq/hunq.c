/* SPDX-License-Identifier: Apache-2.0 */
/* The HunQ writer. */
#include "config.h"

#include "hunq.h"
#include "strbuf.h"

static void write_node(struct strbuf *, const struct hq *, enum hq_kind);

static int
is_list(enum hq_kind k)
{
	return k == HQ_AND || k == HQ_OR;
}

/* Does node need parentheses as an operand of a parent of kind parent? */
static int
needs_parens(const struct hq *node, enum hq_kind parent)
{
	if (node->kind == HQ_OBS)
		return is_list(parent);
	if (!is_list(node->kind))
		return 0;
	return node->group || parent == HQ_NOT ||
	    (is_list(parent) && parent != node->kind);
}

static void
write_atom(struct strbuf *sb, const struct hq *a)
{
	sb_puts(sb, a->field);
	sb_puts(sb, a->suffix);
	sb_putc(sb, ' ');
	sb_puts(sb, a->op);
	sb_putc(sb, ' ');
	if (a->quoted)
		sb_putc(sb, '"');
	sb_add(sb, a->value, a->vlen);
	if (a->quoted)
		sb_putc(sb, '"');
}

static void
write_bare(struct strbuf *sb, const struct hq *node)
{
	const struct hq *k;

	switch (node->kind) {
	case HQ_ATOM:
		write_atom(sb, node);
		break;
	case HQ_NOT:
		sb_puts(sb, "NOT ");
		write_node(sb, node->kids, HQ_NOT);
		break;
	case HQ_OBS:
		sb_putc(sb, '(');
		write_node(sb, node->kids, HQ_OBS);
		sb_puts(sb, ") AND happenedAfter = \"");
		sb_puts(sb, node->after);
		sb_puts(sb, "\" AND happenedBefore = \"");
		sb_puts(sb, node->before);
		sb_putc(sb, '"');
		break;
	case HQ_AND:
	case HQ_OR:
		for (k = node->kids; k != NULL; k = k->next) {
			if (k != node->kids)
				sb_puts(sb,
				    node->kind == HQ_AND ? " AND " : " OR ");
			write_node(sb, k, node->kind);
		}
		break;
	}
}

static void
write_node(struct strbuf *sb, const struct hq *node, enum hq_kind parent)
{
	int parens = needs_parens(node, parent);

	if (parens)
		sb_putc(sb, '(');
	write_bare(sb, node);
	if (parens)
		sb_putc(sb, ')');
}

void
hq_write(struct strbuf *sb, const struct hq *top)
{
	/* The top has no parent: HQ_ATOM stands for "none". */
	write_node(sb, top, HQ_ATOM);
}
