/* SPDX-License-Identifier: Apache-2.0 */
/* Messages on stderr, and the progress line they share it with. */
#include "config.h"

#include <err.h>
#include <stdarg.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "progress.h"

static struct {
	int on, tty, drawn;
	double start, last;
	unsigned long long events;
	unsigned long pages;
} p;

double
now_mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

void
progress_start(int on)
{
	p.on = on;
	p.tty = isatty(STDERR_FILENO);
	p.start = p.last = now_mono();
}

static void
draw(double t)
{
	double dt = t - p.start;

	fprintf(stderr, "%shunt-fetch: %llu events, %lu pages, %.0f events/s%s",
	    p.tty ? "\r\033[K" : "", p.events, p.pages,
	    dt > 0 ? (double)p.events / dt : 0.0, p.tty ? "" : "\n");
	p.drawn = p.tty;
	p.last = t;
}

void
progress_count(unsigned long long events, unsigned long pages)
{
	double t;

	p.events = events;
	p.pages = pages;
	if (!p.on)
		return;
	t = now_mono();
	if (t - p.last >= (p.tty ? 0.25 : 1.0))
		draw(t);
}

void
progress_end(void)
{
	if (!p.on)
		return;
	draw(now_mono());
	if (p.tty)
		fputc('\n', stderr);
	p.drawn = 0;
}

void
say(const char *fmt, ...)
{
	va_list ap;

	if (p.drawn) {
		fputs("\r\033[K", stderr);
		p.drawn = 0;
	}
	va_start(ap, fmt);
	vwarnx(fmt, ap);
	va_end(ap);
}
