/* Who and where a run is: the host name and a fresh run id. */
#ifndef OYA_IDENTITY_H
#define OYA_IDENTITY_H

#include <stddef.h>

#include "run_id.h"

#define OYA_HOST_MAX 65 /* a host name of up to 64 bytes and its NUL */

/* The host name (uname's node name, "localhost" when it cannot be read) into HOST and a new
   run id into RUN (OYA_RUN_ID_MAX bytes). */
void oya_identity(char host[OYA_HOST_MAX], char run[OYA_RUN_ID_MAX]);

#endif
