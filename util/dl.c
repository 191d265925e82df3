/* util/dl.c - optional libraries (see dl.h). */
#include "dl.h"

#include <dlfcn.h>
#include <stdio.h>

void *dy_dl_open(const char *const *names, const char *what, const char *install, char *err,
                 size_t errlen)
{
    for (int i = 0; names[i]; i++) {
        void *lib = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
        if (lib)
            return lib;
    }
    const char *why = dlerror();
    snprintf(err, errlen, "%s need %s: %s (%s)", what, names[0], why ? why : "cannot be loaded",
             install);
    return NULL;
}

void *dy_dl_sym(void *lib, const char *name, char *err, size_t errlen)
{
    dlerror();
    void *p = dlsym(lib, name);
    if (!p)
        snprintf(err, errlen, "%s not found in its library: %s", name, dlerror());
    return p;
}
