/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * The terminal of the full-screen live view, through ncurses: the
 * alternate screen while the run lasts (nothing of it stays in the
 * scrollback; what is printed after tui__close lands on the normal
 * screen), the keys, the size after SIGWINCH (ncurses' own handler turns it
 * into KEY_RESIZE), and the lines of a tui_screen drawn as they are.
 *
 * Keys are read without waiting, by the run loop that already wakes at
 * least every TRACER_POLL_MAX_MS: the view adds no wakeup of its own.
 */
#ifndef MMSGTRACE_REPORT_TUI_H
#define MMSGTRACE_REPORT_TUI_H

#include <stdbool.h>

#include "report/tui_layout.h"

enum tui_key {
	TUI_KEY_NONE,			/* nothing pressed */
	TUI_KEY_QUIT,			/* q: stop, as SIGINT does */
	TUI_KEY_PAUSE,			/* p */
	TUI_KEY_HELP,			/* ? */
	TUI_KEY_SORT,			/* s */
	TUI_KEY_RESIZE,			/* the terminal changed size */
	TUI_KEY_OTHER,			/* any other key */
};

struct tui;

/* The alternate screen on stdout, keys from stdin. NULL with why in err
 * when ncurses cannot drive this terminal (TERM unknown). */
struct tui *tui__open(char *err, size_t errlen);
/* Back to the normal screen; frees t (NULL is fine). */
void tui__close(struct tui *t);

/* The next key pressed, or TUI_KEY_NONE at once. */
enum tui_key tui__key(struct tui *t);
/* The lines to draw next, sized to the terminal now (width in columns,
 * height in lines): the layout fills them, tui__draw shows them. */
struct tui_screen *tui__screen(struct tui *t);
/* The locale's characters are UTF-8: the sparkline's block characters. */
bool tui__utf8(const struct tui *t);
/* Replace what is on the terminal with the lines of tui__screen. */
void tui__draw(struct tui *t);

#endif /* MMSGTRACE_REPORT_TUI_H */
