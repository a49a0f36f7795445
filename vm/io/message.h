// Building messages outside any process (on the loop thread): a caller
// adds up the words its message needs with the *_words helpers, allocates
// one Signal of that size (new_signal), and writes the terms with the
// write_* helpers, which advance `hp`. The result is the same block a
// process's `!` produces, so the receiver adopts it as it adopts any
// message.
#pragma once

#include <initializer_list>
#include <string_view>

#include "vm/proc/mailbox.h"
#include "vm/proc/process.h"
#include "vm/term/term.h"

namespace girder::vm::msg {

inline Word tuple_words(Word arity) { return 1 + arity; }
inline Word ref_words() { return kRefObjectWords; }
// A binary of n bytes: a heap binary when small, else a ProcBin over a
// fresh off-heap RefcBinary.
inline Word binary_words(std::size_t n) { return n <= kHeapBinLimit ? heap_bin_words(n) : kProcBinWords; }
inline Word byte_list_words(std::size_t n) { return 2 * n; }

Term write_tuple(Word*& hp, std::initializer_list<Term> elements);
Term write_ref(Word*& hp, RefId id);
Term write_binary(Signal* s, Word*& hp, std::string_view bytes);
// [b0, b1, ... | tail]
Term write_byte_list(Word*& hp, std::string_view bytes, Term tail = kNil);
// A copy of a term from a process heap (copy_size words).
Word copy_words(Term t);
Term write_copy(Signal* s, Word*& hp, Term t);

// A message signal with room for `words` payload words.
Signal* new_message(Term from, Word words);

}  // namespace girder::vm::msg
