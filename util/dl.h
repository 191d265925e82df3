/* util/dl.h - libraries opened when a command first needs them.
 *
 * PostgreSQL (libpq), PNG charts (librsvg with cairo and GLib) and the web
 * server (libmicrohttpd with GnuTLS) bring about sixty shared libraries.
 * Linked into the program, they made every start of `dyad code` resolve
 * their symbols: two thirds of a 20 ms start, for commands that never use
 * them. The modules that need them open them with dlopen instead, and a
 * missing library is an error of that command alone ("PNG charts need
 * librsvg-2.so.2 (apt-get install librsvg2-2)"), not of the program.
 *
 * A module lists the functions it uses once, as an X-macro of
 * (return type, name, parameter list); DY_DL_FIELD declares the function
 * pointers, DY_DL_RESOLVE fills them, DY_DL_CHECK makes the compiler check
 * each declaration against the library's own header without referring to
 * the symbol (sizeof does not evaluate its operand). */
#ifndef DY_DL_H
#define DY_DL_H
#include <stddef.h>

/* Opens the first of names (NULL-terminated) that loads. Libraries stay
 * loaded for the life of the process: GObject types and OpenSSL's exit
 * handlers do not survive unloading. NULL with "what need NAME: reason
 * (install)" in err. */
void *dy_dl_open(const char *const *names, const char *what, const char *install, char *err,
                 size_t errlen);
/* Symbol name of lib; NULL with err set when it is missing. */
void *dy_dl_sym(void *lib, const char *name, char *err, size_t errlen);

#define DY_DL_FIELD(ret, name, params) ret(*name) params;
#define DY_DL_CHECK(ret, name, params) (void)sizeof(api->name == &name);
/* Needs: api (pointer to the struct), lib, ok (int, 1 on entry), err, errlen. */
#define DY_DL_RESOLVE(ret, name, params)                                                    \
    if (ok && !(*(void **)(&api->name) = dy_dl_sym(lib, #name, err, errlen)))              \
        ok = 0;

#endif
