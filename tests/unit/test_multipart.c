/* Unit tests for the multipart/form-data decoder (file uploads). */
#include "test.h"
#include "web/http.h"

#define CT "multipart/form-data; boundary=----xyz"

static int parse(const char *body, struct kvlist *f, struct upload *u, size_t *nu)
{
	memset(f, 0, sizeof *f);
	return multipart_parse(f, u, nu, body, strlen(body), CT);
}

TEST(test_multipart_fields_and_file)
{
	const char *body = "------xyz\r\n"
	                   "Content-Disposition: form-data; name=\"csrf\"\r\n\r\n"
	                   "abc123\r\n"
	                   "------xyz\r\n"
	                   "Content-Disposition: form-data; name=\"file\"; filename=\"C:\\\\Users\\\\x\\\\report.csv\"\r\n"
	                   "Content-Type: text/csv\r\n\r\n"
	                   "a,b\r\n1,2\r\n"
	                   "\r\n------xyz--\r\n";
	struct kvlist f;
	struct upload u[HTTP_FILES_MAX];
	size_t nu = 0;
	CHECK_INT(parse(body, &f, u, &nu), 0);
	CHECK_STR(kvlist_get(&f, "csrf"), "abc123");
	CHECK_INT(nu, 1);
	CHECK_STR(u[0].name, "file");
	CHECK_STR(u[0].filename, "report.csv");
	CHECK_STR(u[0].ctype, "text/csv");
	CHECK_INT(u[0].len, 10);
	CHECK(memcmp(u[0].data, "a,b\r\n1,2\r\n", 10) == 0);
	kvlist_release(&f);
}

TEST(test_multipart_binary_file_keeps_every_byte)
{
	char body[256];
	int n = snprintf(body, sizeof body, "------xyz\r\nContent-Disposition: form-data; name=\"f\"; filename=\"b.bin\"\r\n\r\n");
	memcpy(body + n, "\x00\xff\r\n--\x01", 7);
	n += 7;
	n += snprintf(body + n, sizeof body - (size_t)n, "\r\n------xyz--");
	struct kvlist f = { 0 };
	struct upload u[HTTP_FILES_MAX];
	size_t nu = 0;
	CHECK_INT(multipart_parse(&f, u, &nu, body, (size_t)n, CT), 0);
	CHECK_INT(nu, 1);
	CHECK_INT(u[0].len, 7);
	CHECK(memcmp(u[0].data, "\x00\xff\r\n--\x01", 7) == 0);
	kvlist_release(&f);
}

TEST(test_multipart_rejects_malformed)
{
	struct kvlist f;
	struct upload u[HTTP_FILES_MAX];
	size_t nu;
	/* no closing delimiter */
	CHECK_INT(parse("------xyz\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nvalue", &f, u, &nu), -1);
	kvlist_release(&f);
	/* a text field with a NUL byte */
	const char nul[] = "------xyz\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx\0y\r\n------xyz--";
	memset(&f, 0, sizeof f);
	CHECK_INT(multipart_parse(&f, u, &nu, nul, sizeof nul - 1, CT), -1);
	kvlist_release(&f);
	/* a part without a name */
	CHECK_INT(parse("------xyz\r\nContent-Disposition: form-data\r\n\r\nv\r\n------xyz--", &f, u, &nu), -1);
	kvlist_release(&f);
	/* wrong content type or no boundary */
	memset(&f, 0, sizeof f);
	CHECK_INT(multipart_parse(&f, u, &nu, "x", 1, "text/plain"), -1);
	CHECK_INT(multipart_parse(&f, u, &nu, "x", 1, "multipart/form-data"), -1);
	kvlist_release(&f);
}

TEST(test_multipart_quoted_boundary_and_empty_file)
{
	const char *body = "--b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"\"\r\n"
	                   "Content-Type: application/octet-stream\r\n\r\n\r\n--b--\r\n";
	struct kvlist f = { 0 };
	struct upload u[HTTP_FILES_MAX];
	size_t nu = 0;
	CHECK_INT(multipart_parse(&f, u, &nu, body, strlen(body), "multipart/form-data; boundary=\"b\""), 0);
	CHECK_INT(nu, 1);
	CHECK_INT(u[0].len, 0);
	CHECK_STR(u[0].filename, "");
	kvlist_release(&f);
}

TEST_MAIN(T(test_multipart_fields_and_file), T(test_multipart_binary_file_keeps_every_byte),
          T(test_multipart_rejects_malformed), T(test_multipart_quoted_boundary_and_empty_file))
