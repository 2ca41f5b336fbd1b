/* error.h - status codes and error messages of the parallax core.
 *
 * The core never prints and never exits: every fallible call returns a
 * px_status and, when given a px_error, fills it with a one-line message
 * that a client can show as it is. */
#ifndef PARALLAX_ERROR_H
#define PARALLAX_ERROR_H

typedef enum px_status {
	PX_OK = 0,
	PX_ERR_NOMEM,    /* an allocation failed */
	PX_ERR_IO,       /* read error */
	PX_ERR_NOTFOUND, /* no such file */
	PX_ERR_PERM,     /* permission denied */
	PX_ERR_BINARY,   /* not text: skipped */
	PX_ERR_TOOBIG,   /* over the size cap: skipped */
	PX_ERR_NOTREG,   /* not a regular file or directory (FIFO, device, socket) */
	PX_ERR_LOOP,     /* directory loop */
	PX_ERR_INVALID,  /* bad argument or bad data (a rule, a pattern) */
	PX_ERR_LIMIT,    /* a resource limit (regex match limit, depth) was hit */
	PX_ERR_EXISTS    /* the file to write exists, and is kept */
} px_status;

typedef struct px_error {
	px_status status;
	char msg[512];
} px_error;

/* Fill err (if not NULL) with status and a printf-style message; returns status. */
px_status px_error_set(px_error *err, px_status status, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 3, 4)))
#endif
	;


#endif
