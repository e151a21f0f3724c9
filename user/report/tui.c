// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/* The full-screen view's terminal, through ncurses (see tui.h). */
#define _GNU_SOURCE
#include <curses.h>
#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report/tui.h"

struct tui {
	SCREEN *screen;
	FILE *term;			/* the terminal: a stream of its own on stdout's fd */
	struct tui_screen lines;	/* what tui__draw shows next */
	bool keys;			/* stdin is the terminal */
	bool utf8;
};

struct tui *tui__open(char *err, size_t errlen)
{
	const char *term = getenv("TERM");
	struct tui *t = calloc(1, sizeof(*t));

	if (!t) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	/* the characters only: numbers keep the C locale's decimal point */
	setlocale(LC_CTYPE, "");
	t->utf8 = !strcmp(nl_langinfo(CODESET), "UTF-8");
	/*
	 * ncurses needs the terminal's fd, and stdout may be a stream of the
	 * program's own that has none (one that remembers its write errors):
	 * it gets a stream on a copy of fd 1
	 */
	int fd = dup(STDOUT_FILENO);

	t->term = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!t->term) {
		snprintf(err, errlen, "cannot open the terminal: %m");
		if (fd >= 0)
			close(fd);
		free(t);
		return NULL;
	}
	t->screen = newterm(NULL, t->term, stdin);
	if (!t->screen) {
		snprintf(err, errlen, "TERM=%s is not a terminal ncurses knows", term ? term : "");
		fclose(t->term);
		free(t);
		return NULL;
	}
	set_term(t->screen);
	t->keys = isatty(STDIN_FILENO);
	cbreak();
	noecho();
	nonl();
	nodelay(stdscr, TRUE);
	keypad(stdscr, TRUE);
	curs_set(0);
	if (has_colors()) {
		start_color();
		use_default_colors();
		init_pair(1, COLOR_RED, -1);
		init_pair(2, COLOR_CYAN, -1);
	}
	return t;
}

void tui__close(struct tui *t)
{
	if (!t)
		return;
	endwin();
	delscreen(t->screen);
	fclose(t->term);
	free(t);
}

enum tui_key tui__key(struct tui *t)
{
	int c;

	if (!t->keys)
		return TUI_KEY_NONE;
	c = getch();
	switch (c) {
	case ERR:
		return TUI_KEY_NONE;
	case 'q':
	case 'Q':
		return TUI_KEY_QUIT;
	case 'p':
	case 'P':
	case ' ':
		return TUI_KEY_PAUSE;
	case '?':
	case 'h':
		return TUI_KEY_HELP;
	case 's':
	case 'S':
		return TUI_KEY_SORT;
	case KEY_RESIZE:
		return TUI_KEY_RESIZE;
	default:
		return TUI_KEY_OTHER;
	}
}

struct tui_screen *tui__screen(struct tui *t)
{
	getmaxyx(stdscr, t->lines.height, t->lines.width);
	return &t->lines;
}

bool tui__utf8(const struct tui *t)
{
	return t->utf8;
}

static attr_t attr_of(int a)
{
	switch (a) {
	case TUI_TITLE:
		return A_BOLD;
	case TUI_HEADER:
		return A_BOLD | (has_colors() ? COLOR_PAIR(2) : 0);
	case TUI_ALERT:
		return A_BOLD | (has_colors() ? COLOR_PAIR(1) : 0);
	case TUI_HELP:
		return A_REVERSE;
	default:
		return A_NORMAL;
	}
}

void tui__draw(struct tui *t)
{
	const struct tui_screen *s = &t->lines;

	/* erase, not clear: ncurses sends only what changed, and no line of an
	 * older frame survives */
	erase();
	for (int i = 0; i < s->n && i < LINES; i++) {
		attrset(attr_of(s->attr[i]));
		mvaddnstr(i, 0, s->line[i], -1);
		/* a line as wide as the screen would wrap the cursor: ncurses
		 * keeps it on the line */
	}
	attrset(A_NORMAL);
	refresh();
}
