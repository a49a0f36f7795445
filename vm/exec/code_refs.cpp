#include "vm/exec/code_refs.h"

#include <algorithm>
#include <unordered_set>

#include "vm/exec/code.h"
#include "vm/exec/opcodes.h"
#include "vm/proc/process.h"

namespace girder::vm {

namespace {

class Scanner {
 public:
  Scanner(const CodeVersion* version, std::span<const LiteralArea* const> areas, CodeRefs& out)
      : version_(version), out_(out) {
    out_.literals_used.assign(areas.size(), false);
    for (std::size_t i = 0; i < areas.size(); ++i) {
      for (auto [lo, hi] : areas[i]->ranges()) ranges_.push_back({lo, hi, i});
    }
    std::sort(ranges_.begin(), ranges_.end(), [](const Range& a, const Range& b) { return a.lo < b.lo; });
  }

  bool in_version(const Word* pc) const { return version_ != nullptr && pc != nullptr && version_->contains(pc); }

  void note_code_pointer(const Word* pc) {
    if (in_version(pc)) out_.code = true;
  }

  // A stack word: a term, a continuation (an aligned code pointer) or a
  // catch (its handler's address in the payload, see interp.cpp).
  void stack_word(Term t) {
    Word w = t.raw();
    if (w != 0 && (w & 7) == 0) {
      note_code_pointer(reinterpret_cast<const Word*>(w));
      return;
    }
    if (t.is_catch()) {
      note_code_pointer(reinterpret_cast<const Word*>(t.catch_index() >> kCatchSlotYBits));
      return;
    }
    term(t);
  }

  void term(Term t) {
    if (t.is_non_value() || t.is_immediate()) return;
    work_.push_back(t);
    while (!work_.empty()) {
      Term u = work_.back();
      work_.pop_back();
      walk(u);
    }
  }

 private:
  struct Range {
    const Word* lo;
    const Word* hi;
    std::size_t area;
  };

  // True when `ptr` is in a literal area (marked used): literals point
  // only within literal areas, so the walk stops there.
  bool literal(const Word* ptr) {
    if (ranges_.empty()) return false;
    auto it = std::upper_bound(ranges_.begin(), ranges_.end(), ptr,
                               [](const Word* p, const Range& r) { return p < r.lo; });
    if (it == ranges_.begin()) return false;
    --it;
    if (ptr >= it->hi) return false;
    out_.literals_used[it->area] = true;
    return true;
  }

  void walk(Term u) {
    while (u.is_list()) {
      const Word* cell = u.cons_ptr();
      if (literal(cell) || !seen_.insert(cell).second) return;
      Term head = u.head();
      if (!head.is_immediate() && head.is_value()) work_.push_back(head);
      u = u.tail();
    }
    if (!u.is_boxed()) return;
    const Word* obj = u.box_ptr();
    if (literal(obj) || !seen_.insert(obj).second) return;
    Word first, last;
    boxed_term_range(obj[0], first, last);
    for (Word i = first; i < last; ++i) {
      Term child = Term::from_raw(obj[i]);
      if (!child.is_immediate() && child.is_value()) work_.push_back(child);
    }
  }

  const CodeVersion* version_;
  CodeRefs& out_;
  std::vector<Range> ranges_;
  std::vector<Term> work_;
  std::unordered_set<const Word*> seen_;
};

}  // namespace

CodeRefs scan_code_refs(Process& p, const CodeVersion* version, std::span<const LiteralArea* const> areas,
                        bool check_frames, std::span<const Term> extra_roots) {
  CodeRefs out;
  Scanner scan(version, areas, out);
  if (check_frames) {
    scan.note_code_pointer(p.exec().pc);
    scan.note_code_pointer(p.exec().cp);
  }
  Term* e = p.exec().e;
  if (areas.empty() && extra_roots.empty()) {
    // Code only: the stack's continuations and catches are all there is to
    // see; terms need no walk (a purge checks every process this way).
    if (check_frames && e != nullptr) {
      for (Term* s = e; s < p.stack_hi(); ++s) {
        Word w = s->raw();
        if ((w != 0 && (w & 7) == 0) || s->is_catch()) scan.stack_word(*s);
      }
    }
    return out;
  }
  if (e != nullptr) {
    for (Term* s = e; s < p.stack_hi(); ++s) {
      if (check_frames) {
        scan.stack_word(*s);
      } else if (Word w = s->raw(); !(w != 0 && (w & 7) == 0) && !s->is_catch()) {
        scan.term(*s);
      }
    }
  }
  GcRoots roots = p.gc_roots(e != nullptr ? e : p.stack_hi());
  for (Term t : roots.extra) scan.term(t);
  for (std::span<Term> more : roots.more) {
    for (Term t : more) scan.term(t);
  }
  for (Term t : extra_roots) scan.term(t);
  return out;
}

}  // namespace girder::vm
