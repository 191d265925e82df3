/* code/frame.h - the frame an event's verb stands in.
 *
 * "Japan said it would send aid to Iraq", "Iran refused to release the
 * sailors", "the UN called on Myanmar to free prisoners": the embedded act
 * (aid, release) is not what happened; what happened is an intention, a
 * refusal or an appeal, and CAMEO codes it by what is intended, refused or
 * asked for. CAMEO's families 02 (appeal), 03 (intent), 10 (demand) and 12
 * (reject) share their second and third digits by that content, and 13
 * (threaten) is the intent family of conflict, so one table turns the
 * embedded act's code into the frame's code. Internal to code/. */
#ifndef DY_CODE_FRAME_H
#define DY_CODE_FRAME_H

#include "sentence.h"

enum dy_frame_kind {
    FR_NONE,
    FR_INTENT, /* X plans / is ready / offered / pledged to V; X said it would V */
    FR_REFUSE, /* X refused / declined / is not willing to V; X said it would not V */
    FR_APPEAL, /* X urged / called on / asked Y to V */
    FR_DEMAND  /* X demanded that Y V; X said / insisted that Y must / should V */
};

typedef struct dy_frame {
    int kind;
    int cue;       /* token of the frame word (REFUSED, URGED, WOULD, MUST) */
    int addressee; /* unit asked or told (APPEAL, DEMAND), else -1 */
    int source;    /* unit that states the frame when it is not the verb's subject, -1 */
} dy_frame;

/* 1 and *f when the verb at token v (its first word) stands in a frame. */
int dy_find_frame(const dy_sentence *s, int v, dy_frame *f);

/* The frame's CAMEO code for an embedded act coded `code` ("0333" for an
 * intent to give humanitarian aid, 073), or NULL when CAMEO has none (an
 * intent to attack is a threat: 138; a refusal to attack is no event). */
const char *dy_frame_code(int kind, const char *code);

/* 1 when token i is a frame word that heads an embedded verb ("REFUSED" in
 * "refused to hand over"); *embedded gets that verb's token. */
int dy_frame_heads(const dy_sentence *s, int i, int lo, int hi, int *embedded);

#endif
