/* err.h — the one way Probity reports failure.
 * Functions return int (0 success, non-zero failure) and write a human
 * message into a caller-owned struct err, which the caller shows: on a page's
 * error summary, on stderr, or in a log. */
#ifndef PROBITY_ERR_H
#define PROBITY_ERR_H

enum err_code {
	ERR_OK = 0,
	ERR_INPUT,      /* the user's or a file's data is wrong */
	ERR_NOTFOUND,   /* no such record */
	ERR_DENIED,     /* need-to-know or role refused */
	ERR_CONFLICT,   /* duplicate, stale state */
	ERR_DB,         /* storage failed */
	ERR_IO,         /* file or socket failed */
	ERR_NOMEM,
	ERR_INTERNAL,   /* a broken invariant */
	ERR_BUSY,       /* the database's write lock stayed taken (an import): try again shortly */
	ERR_FULL        /* the disk is full: nothing can be written until an administrator frees space */
};

struct err {
	int code;
	char field[64];  /* the form field or column the error is about, if any */
	char msg[512];
};

/* Set e (which may be NULL) and return e's code, so `return err_set(...)`
 * reads naturally. */
int err_set(struct err *e, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* As err_set, naming the field the message is about. */
int err_field(struct err *e, int code, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Several field errors at once, for a form's error summary: validation
 * collects them all so the user fixes everything in one go. */
#define ERRLIST_MAX 16
struct errlist {
	int n;
	struct {
		char field[48];
		char msg[200];
	} item[ERRLIST_MAX];
};
void errlist_add(struct errlist *l, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The message for field, or NULL. */
const char *errlist_get(const struct errlist *l, const char *field);

#endif
