/* error.c - error messages. */
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
