/*
 * oya-exec, heaptrack's client in oya-launch (launcher/programs/oya-exec.c):
 * its file name and the line it writes first on heaptrack's pipe, which tells
 * the launcher that heaptrack got as far as starting the command.
 */
#ifndef OYA_EXEC_HELPER_H
#define OYA_EXEC_HELPER_H

#define OYA_EXEC_HELPER_FILE "oya-exec"
/* The sampler, installed beside oya-exec; the tree knows a member samples itself by it in its maps. */
#define OYA_PRELOAD_FILE "liboya_preload.so"
#define OYA_EXEC_STARTED "oya-exec: started" /* followed by " PID": the process heaptrack traces */

#endif
