// What a process holds of a code version: the question behind
// erlang:check_process_code/2, code:purge/1 and the freeing of purged
// literal areas (code.h, "Reclamation").
//
// A process refers to a version's *code* when its current instruction, its
// continuation, or a continuation or catch handler in a stack frame belongs
// to that version: such a process must die before the version can go. Funs
// do not count (as in OTP 25): a fun of a purged version finds its code in
// the module's current version when called (FunEntry::address). It refers
// to a *literal
// area* when any term it can reach points into the area: such an area must
// be kept (OTP copies the literals into the heap instead; Girder keeps the
// area until no heap points into it any more).
//
// The scan reads the process's stack and heap: the caller must hold the
// process still (Scheduler::claim) or be the process itself at a BIF call
// (then exec().e is current, and the X registers beyond the BIF's
// arguments are dead).
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "vm/term/term.h"

namespace girder::vm {

class Process;
struct CodeVersion;
class LiteralArea;

struct CodeRefs {
  bool code = false;                // pc, continuation or frames in `version`
  std::vector<bool> literals_used;  // one per area asked about
};

// `version` may be nullptr (literals only); `check_frames` false skips the
// pc, continuation and stack frames (the caller itself: it is in the BIF).
// `extra_roots` are scanned as terms too (the caller's BIF arguments).
CodeRefs scan_code_refs(Process& p, const CodeVersion* version, std::span<const LiteralArea* const> areas,
                        bool check_frames, std::span<const Term> extra_roots = {});

}  // namespace girder::vm
