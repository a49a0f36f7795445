// Replies built on the loop thread: a result described as a small tree of
// OutTerm values (no heap involved), then written in one go into a message
// signal for the waiting process. The file operations use it for every
// result shape they have ({ok, Binary}, {error, Posix}, #file_info{}, a
// list of names...), so each callback says what it answers, not how many
// words that takes.
//
// Thread: any (an OutTerm is plain data); delivery goes through
// IoService::deliver.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "vm/io/service.h"
#include "vm/proc/process.h"
#include "vm/term/term.h"

namespace girder::vm {

class OutTerm {
 public:
  // An immediate: an atom, a small integer, [].
  static OutTerm imm(Term t);
  static OutTerm integer(std::int64_t v);
  // A binary holding `bytes` (a heap binary when small, else refc).
  static OutTerm binary(std::string bytes);
  // [B0, B1, ...]: one element per byte (latin-1 text, file data in list mode).
  static OutTerm byte_list(std::string bytes);
  // The characters of UTF-8 text as a list of code points (bytes that are
  // not UTF-8 are taken as latin-1 characters).
  static OutTerm chars(const std::string& utf8);
  static OutTerm tuple(std::vector<OutTerm> items);
  static OutTerm list(std::vector<OutTerm> items);
  // {ok, V}, {error, Reason}.
  static OutTerm ok(OutTerm v);
  static OutTerm error(Term reason);

  // Heap words the term takes.
  Word words() const;
  // Write it at hp (advanced); binaries join s's ProcBin chain.
  Term write(Signal* s, Word*& hp) const;

 private:
  enum class Kind : std::uint8_t { Imm, Int, Binary, ByteList, Chars, Tuple, List };
  Kind kind_ = Kind::Imm;
  Term imm_ = kNil;
  std::int64_t int_ = 0;
  std::string bytes_;          // Binary, ByteList
  std::u32string chars_;       // Chars
  std::vector<OutTerm> items_;  // Tuple, List
};

// Send {Tag, Ref, Value} to process `pid` (dropped if it is gone).
void deliver_reply(IoService& io, Word pid, Term tag, RefId ref, const OutTerm& value);

// The reference term for `ref`, on p's heap (what a BIF returns to say
// "the answer comes as a message").
Term make_ref_term(Process& p, RefId ref);

}  // namespace girder::vm
