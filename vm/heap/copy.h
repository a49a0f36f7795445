// Deep copies of terms between heaps: messages, spawn arguments, timer
// payloads and exit reasons all cross from one process to another this way.
//
// Invariants:
// * A copy shares nothing with its source except off-heap binaries, whose
//   reference count the copy takes one more of. Sharing inside the source
//   (the same subterm reached twice) is not preserved, as on BEAM.
// * copy_size() is exact: copy_term() writes precisely that many words.
// * Both walk iteratively (an explicit stack), so a million-element list or a
//   deeply nested term cannot overflow the C++ stack.
#pragma once

#include "vm/term/term.h"

namespace girder::vm {

// Words a deep copy of `t` needs (0 for an immediate).
Word copy_size(Term t);

// Copy `t` into the words at `hp` (advanced past the copy). Every ProcBin the
// copy creates is pushed onto `proc_bins` through its `next` word, so the
// receiver can link them into its heap's off-heap list (or release them).
Term copy_term(Term t, Word*& hp, Word*& proc_bins);

// Drop the references held by a chain of ProcBins built by copy_term.
void release_proc_bins(Word* proc_bins);

}  // namespace girder::vm
