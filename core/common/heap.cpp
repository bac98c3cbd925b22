#include "common/heap.h"

#include <malloc.h>

namespace msma {

bool keep_freed_heap_memory() {
#if defined(__GLIBC__)
  // Setting either turns off glibc's own adjustment of both, so both are set.
  const bool mmap_ok = mallopt(M_MMAP_THRESHOLD, 32 << 20) == 1;
  const bool trim_ok = mallopt(M_TRIM_THRESHOLD, 1 << 30) == 1;
  return mmap_ok && trim_ok;
#else
  return true;  // other C libraries keep their own policy
#endif
}

}  // namespace msma
