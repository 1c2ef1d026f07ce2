/*
 * Read one heaptrack data file (.zst, .gz or plain text) through the streaming reader
 * (core/heaptrack_reader.h), in one pass and bounded memory.
 */
#ifndef OYA_HEAPTRACK_FILE_H
#define OYA_HEAPTRACK_FILE_H

#include "heaptrack_reader.h"

/* Read PATH (its name picks the decompression: ".zst" zstd, ".gz" gzip, else plain) into a new
 * reader, which the caller frees with oya_htr_free; NULL only on ENOMEM. Read oya_htr_finish(r)
 * for the figures: when the file cannot be opened or decompressed, complete is false and problem
 * names the file and the reason. */
oya_htr *oya_heaptrack_file_read(const char *path);

#endif
