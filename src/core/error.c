/* error.c - status strings and error messages. */
#include <stdarg.h>
#include <stdio.h>

#include "parallax/error.h"

px_status px_error_set(px_error *err, px_status status, const char *fmt, ...)
{
	if (err) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(err->msg, sizeof err->msg, fmt, ap);
		va_end(ap);
		err->status = status;
	}
	return status;
}

const char *px_status_str(px_status status)
{
	switch (status) {
	case PX_OK: return "ok";
	case PX_ERR_NOMEM: return "out of memory";
	case PX_ERR_IO: return "read error";
	case PX_ERR_NOTFOUND: return "no such file or directory";
	case PX_ERR_PERM: return "permission denied";
	case PX_ERR_BINARY: return "binary file";
	case PX_ERR_TOOBIG: return "file too large";
	case PX_ERR_NOTREG: return "not a regular file";
	case PX_ERR_LOOP: return "directory loop";
	case PX_ERR_INVALID: return "invalid";
	case PX_ERR_LIMIT: return "limit reached";
	}
	return "unknown error";
}
