/* report/event_json.h - reading back dyad's own JSON event records (the
 * output of `dyad code`), e.g. to store events coded elsewhere. */
#ifndef DY_EVENT_JSON_H
#define DY_EVENT_JSON_H
#include <stddef.h>

#include "dyad.h"

typedef struct dy_event_json dy_event_json;

/* Parses one JSON Lines record into ev. Strings in ev point into *holder,
 * which the caller releases with dy_event_json_free after using ev.
 * 0 on success, -1 with a reason in err. */
int dy_event_from_json(const char *line, size_t len, dyad_event *ev, dy_event_json **holder,
                       char *err, size_t errlen);
void dy_event_json_free(dy_event_json *holder);

#endif
