#pragma once
// How the process's C heap treats memory that LibTorch frees: a program's choice, made once
// at the start of main() (the CLI, MSMA Studio, the benchmarks), not a library's.
namespace msma {

// Keeps freed heap memory in the process for the next step or batch instead of handing it
// back to the kernel. glibc's defaults return the heap's top once a few dozen MiB are free
// there, and every training step frees its activations: the next step took the same memory
// back one page fault at a time, which on a virtualised host cost half of a training
// step's time (bench/throughput: 330 → 587 images/s on 2026-12-07). Blocks of up to 32 MiB
// (glibc's largest threshold) come from the heap; the heap's top is returned only above 1 GiB
// free. Returns false where the C library refused a setting.
bool keep_freed_heap_memory();

}  // namespace msma
