#include "loader/verify.h"

#include <limits>
#include <set>
#include <utility>
#include <vector>

#include "loader/etf_check.h"
#include "loader/operands.h"
#include "vm/exec/opcodes.h"
#include "vm/exec/operand.h"

namespace girder::loader {

namespace {

using vm::Opcode;
using K = AsmOperand::Kind;

// try_/catch_ pack the slot into the low 10 bits of a catch term (opcodes.def).
constexpr std::int64_t kMaxArity = 255;
// Largest stack frame a function may allocate: far beyond what compiled code
// needs, small enough that a hostile module cannot make the stack grow by
// gigabytes in one instruction.
constexpr std::int64_t kMaxFrameSlots = 65536;

// Per-opcode facts (terminators, optional fail labels, live counts, frame
// drops, arity operands) come from the flags column of opcodes.def through
// the predicates in opcodes.h (vm::is_terminator, ...): no lists here.

struct Function {
  std::size_t head = 0;   // index of the label before func_info
  std::size_t info = 0;   // index of func_info
  std::size_t entry = 0;  // index of the entry label
  std::size_t end = 0;    // one past the last instruction
  std::string name;       // "foo/2", for messages
  std::int64_t atom = 0;  // function name atom index
  std::int64_t arity = 0;
  std::int64_t entry_label = 0;
};

class Verifier {
 public:
  Verifier(const AsmModule& m, const vm::BifTable& bifs, vm::AtomTable& atoms, std::string& error)
      : m_(m), bifs_(bifs), atoms_(atoms), error_(error) {}

  bool run() {
    return check_tables() && collect_labels() && split_functions() && check_code() && check_exports() &&
           check_lambdas();
  }

 private:
  bool fail(const std::string& msg) {
    error_ = msg;
    return false;
  }

  std::string atom_text(std::int64_t i) const { return format_atom(m_.atoms[static_cast<std::size_t>(i)]); }

  bool in_range(std::int64_t v, std::size_t size) const { return v >= 0 && static_cast<std::uint64_t>(v) < size; }

  bool check_tables() {
    if (m_.atoms.empty()) return fail("no atoms: atom 0 must be the module name");
    for (std::size_t i = 0; i < m_.atoms.size(); ++i) {
      if (!valid_atom_text(m_.atoms[i])) return fail("atom " + std::to_string(i) + " is not valid UTF-8 of at most 255 characters");
    }
    if (m_.atoms[0].empty()) return fail("empty module name");
    std::string err;
    for (std::size_t i = 0; i < m_.literals.size(); ++i) {
      if (!etf_validate(m_.literals[i], err)) return fail("literal " + std::to_string(i) + " does not decode: " + err);
    }
    for (std::size_t i = 0; i < m_.imports.size(); ++i) {
      const AsmImport& imp = m_.imports[i];
      if (!in_range(imp.module, m_.atoms.size()) || !in_range(imp.function, m_.atoms.size())) {
        return fail("import " + std::to_string(i) + ": atom index out of range (" + std::to_string(m_.atoms.size()) + " atoms)");
      }
      if (imp.arity > kMaxArity) return fail("import " + std::to_string(i) + ": arity " + std::to_string(imp.arity) + " > 255");
    }
    for (std::size_t i = 0; i < m_.attributes.size(); ++i) {
      const AsmAttribute& a = m_.attributes[i];
      if (!in_range(a.name, m_.atoms.size())) return fail("attribute " + std::to_string(i) + ": atom index " + std::to_string(a.name) + " out of range (" + std::to_string(m_.atoms.size()) + " atoms)");
      if (!in_range(a.literal, m_.literals.size())) return fail("attribute " + std::to_string(i) + ": literal index " + std::to_string(a.literal) + " out of range (" + std::to_string(m_.literals.size()) + " literals)");
    }
    // Each label is defined by one instruction, so more labels than
    // instructions cannot all be defined; this also bounds the tables below.
    if (m_.label_count == 0 || m_.label_count > m_.code.size() + 1) {
      return fail("label count " + std::to_string(m_.label_count) + " inconsistent with " +
                  std::to_string(m_.code.size()) + " instructions");
    }
    return true;
  }

  bool collect_labels() {
    label_at_.assign(m_.label_count, kUndefined);
    for (std::size_t i = 0; i < m_.code.size(); ++i) {
      const AsmInstr& in = m_.code[i];
      if (static_cast<int>(in.op) >= vm::kOpcodeCount) return fail("unknown opcode " + std::to_string(static_cast<int>(in.op)) + " at instruction " + std::to_string(i));
      if (in.op != Opcode::label) continue;
      if (in.ops.size() != 1 || in.ops[0].kind != K::Int) return fail("label pseudo-op at instruction " + std::to_string(i) + " needs one integer operand");
      std::int64_t l = in.ops[0].value;
      if (l <= 0 || l >= static_cast<std::int64_t>(m_.label_count)) {
        return fail("label " + std::to_string(l) + " at instruction " + std::to_string(i) + " out of range (label count " + std::to_string(m_.label_count) + ")");
      }
      if (label_at_[l] != kUndefined) {
        return fail("label " + std::to_string(l) + " defined twice (instructions " + std::to_string(label_at_[l]) + " and " + std::to_string(i) + ")");
      }
      label_at_[l] = i;
    }
    return true;
  }

  // Index of the previous/next instruction that is not a line pseudo-op.
  std::size_t prev_real(std::size_t i) const {
    while (i > 0 && m_.code[i - 1].op == Opcode::line) --i;
    return i == 0 ? kUndefined : i - 1;
  }
  std::size_t next_real(std::size_t i) const {
    ++i;
    while (i < m_.code.size() && m_.code[i].op == Opcode::line) ++i;
    return i < m_.code.size() ? i : kUndefined;
  }

  bool split_functions() {
    for (std::size_t i = 0; i < m_.code.size(); ++i) {
      const AsmInstr& in = m_.code[i];
      if (in.op != Opcode::func_info) continue;
      std::string err;
      bool shape = for_each_operand(in, [&](char k, std::size_t j) { return operand_kind_allowed(k, in.ops[j].kind); }, err);
      if (!shape || !in_range(in.ops[0].value, m_.atoms.size()) || !in_range(in.ops[1].value, m_.atoms.size())) {
        return fail("malformed func_info at instruction " + std::to_string(i));
      }
      Function f;
      f.info = i;
      f.atom = in.ops[1].value;
      f.arity = in.ops[2].value;
      f.name = atom_text(f.atom) + "/" + std::to_string(f.arity);
      if (m_.atoms[static_cast<std::size_t>(in.ops[0].value)] != m_.atoms[0]) {
        return fail("function " + f.name + ", instruction " + std::to_string(i) + ": func_info names module " + atom_text(in.ops[0].value) + ", not " + atom_text(0));
      }
      if (f.arity < 0 || f.arity > kMaxArity) return fail("function " + f.name + ": arity out of range");
      std::size_t head = prev_real(i);
      if (head == kUndefined || m_.code[head].op != Opcode::label || (!functions_.empty() && head <= functions_.back().entry)) {
        return fail("function " + f.name + ", instruction " + std::to_string(i) + ": func_info not preceded by a label");
      }
      std::size_t entry = next_real(i);
      if (entry == kUndefined || m_.code[entry].op != Opcode::label) {
        return fail("function " + f.name + ", instruction " + std::to_string(i) + ": func_info not followed by an entry label");
      }
      f.head = head;
      f.entry = entry;
      f.entry_label = m_.code[entry].ops[0].value;
      if (!functions_.empty()) functions_.back().end = head;
      functions_.push_back(f);
    }
    std::size_t first = functions_.empty() ? m_.code.size() : functions_.front().head;
    for (std::size_t i = 0; i < first; ++i) {
      if (m_.code[i].op != Opcode::line) return fail("instruction " + std::to_string(i) + " (" + std::string(vm::opcode_info(m_.code[i].op).name) + ") outside any function");
      if (!line_ok(m_.code[i])) return fail("instruction " + std::to_string(i) + ": line needs one integer operand in 0..2^32-1");
    }
    if (!functions_.empty()) functions_.back().end = m_.code.size();
    // Owner function of every label, and which labels are entries.
    label_func_.assign(m_.label_count, kUndefined);
    entry_func_.assign(m_.label_count, kUndefined);
    for (std::size_t fi = 0; fi < functions_.size(); ++fi) {
      const Function& f = functions_[fi];
      entry_func_[static_cast<std::size_t>(f.entry_label)] = fi;
      for (std::size_t i = f.head; i < f.end; ++i) {
        if (m_.code[i].op == Opcode::label) label_func_[static_cast<std::size_t>(m_.code[i].ops[0].value)] = fi;
      }
    }
    return true;
  }

  // --- per instruction ---

  std::string where(const Function& f, std::size_t i) const {
    return "function " + f.name + ", instruction " + std::to_string(i) + " (" +
           std::string(vm::opcode_info(m_.code[i].op).name) + ")";
  }

  // Is import `i` a call to a function that never returns?
  bool import_never_returns(std::int64_t i) const {
    const AsmImport& imp = m_.imports[static_cast<std::size_t>(i)];
    if (m_.atoms[imp.module] != "erlang") return false;
    const std::string& f = m_.atoms[imp.function];
    return (f == "error" && imp.arity >= 1 && imp.arity <= 3) || (f == "exit" && imp.arity == 1) ||
           (f == "throw" && imp.arity == 1) || (f == "raise" && imp.arity == 3) ||
           (f == "nif_error" && (imp.arity == 1 || imp.arity == 2));
  }

  bool ends_function(const AsmInstr& in) const {
    if (vm::is_terminator(in.op)) return true;
    if ((in.op == Opcode::call_ext || in.op == Opcode::call_bif) && in.ops.size() == 2 && in.ops[1].kind == K::Import &&
        in_range(in.ops[1].value, m_.imports.size())) {
      return import_never_returns(in.ops[1].value);
    }
    return false;
  }

  static bool line_ok(const AsmInstr& in) {
    return in.ops.size() == 1 && in.ops[0].kind == K::Int && in.ops[0].value >= 0 &&
           in.ops[0].value <= std::numeric_limits<std::uint32_t>::max();
  }

  bool check_code() {
    for (std::size_t fi = 0; fi < functions_.size(); ++fi) {
      const Function& f = functions_[fi];
      // The largest frame the function allocates bounds every y operand.
      max_frame_ = -1;
      for (std::size_t i = f.head; i < f.end; ++i) {
        const AsmInstr& in = m_.code[i];
        if (in.op == Opcode::allocate && !in.ops.empty() && in.ops[0].kind == K::Int) {
          max_frame_ = std::max(max_frame_, in.ops[0].value);
        }
      }
      seen_allocate_ = false;
      std::size_t last = kUndefined;
      for (std::size_t i = f.head; i < f.end; ++i) {
        const AsmInstr& in = m_.code[i];
        if (in.op == Opcode::line) {
          if (!line_ok(in)) return fail(where(f, i) + ": line needs one integer operand in 0..2^32-1");
          continue;
        }
        last = i;
        if (in.op == Opcode::label) continue;  // checked by collect_labels
        if (!check_instr(fi, i)) return false;
        if (in.op == Opcode::allocate) seen_allocate_ = true;
      }
      if (last == kUndefined || !ends_function(m_.code[last])) {
        return fail("function " + f.name + ": code falls off the end (last instruction " + std::to_string(last) + " is " +
                    std::string(vm::opcode_info(m_.code[last].op).name) + ", not a return, jump, tail call or raise)");
      }
    }
    return true;
  }

  bool check_y(const Function& f, std::size_t i, std::size_t j, std::int64_t y) {
    std::string at = where(f, i) + ", operand " + std::to_string(j);
    if (y < 0) return fail(at + ": negative y slot");
    if (!seen_allocate_) return fail(at + ": y" + std::to_string(y) + " used before any allocate");
    if (y >= max_frame_) return fail(at + ": y" + std::to_string(y) + " outside the frame (largest allocate is " + std::to_string(max_frame_) + ")");
    return true;
  }

  bool check_label(std::size_t fi, std::size_t i, std::size_t j, char letter, std::int64_t l) {
    const Function& f = functions_[fi];
    std::string at = where(f, i) + ", operand " + std::to_string(j);
    if (l == 0) {
      // Only the first operand (the fail label) of some opcodes may be 0.
      if (letter == 'l' && j == 0 && vm::allows_no_label(m_.code[i].op)) return true;
      return fail(at + ": label 0 (no label) not allowed here");
    }
    if (l < 0 || l >= static_cast<std::int64_t>(m_.label_count)) {
      return fail(at + ": label " + std::to_string(l) + " out of range (label count " + std::to_string(m_.label_count) + ")");
    }
    auto ul = static_cast<std::size_t>(l);
    if (label_at_[ul] == kUndefined) return fail(at + ": label " + std::to_string(l) + " is not defined");
    if (letter == 'f') {
      if (entry_func_[ul] == kUndefined) return fail(at + ": call target label " + std::to_string(l) + " is not a function entry");
      const AsmInstr& in = m_.code[i];
      // call/call_last/call_only: "arity, target"
      if (j == 1 && in.ops[0].kind == K::Int && in.ops[0].value != functions_[entry_func_[ul]].arity) {
        return fail(at + ": calls " + functions_[entry_func_[ul]].name + " with arity " + std::to_string(in.ops[0].value));
      }
      return true;
    }
    if (label_func_[ul] != fi) {
      std::string other = label_func_[ul] == kUndefined ? "no function" : functions_[label_func_[ul]].name;
      return fail(at + ": jump to label " + std::to_string(l) + " in " + other + " leaves the function");
    }
    if (m_.code[i].op == Opcode::loop_rec_end) {
      // The interpreter runs the target loop_rec's first step itself and
      // reads its operands: the label must lead to a loop_rec.
      std::size_t k = label_at_[ul];
      while (k < m_.code.size() && (m_.code[k].op == Opcode::label || m_.code[k].op == Opcode::line)) ++k;
      if (k >= m_.code.size() || m_.code[k].op != Opcode::loop_rec) {
        return fail(at + ": loop_rec_end must jump to a loop_rec (label " + std::to_string(l) + ")");
      }
    }
    return true;
  }

  bool check_import(const Function& f, std::size_t i, std::size_t j, char letter, std::int64_t imp) {
    std::string at = where(f, i) + ", operand " + std::to_string(j);
    if (!in_range(imp, m_.imports.size())) {
      return fail(at + ": import index " + std::to_string(imp) + " out of range (" + std::to_string(m_.imports.size()) + " imports)");
    }
    const AsmImport& im = m_.imports[static_cast<std::size_t>(imp)];
    std::string mfa = atom_text(im.module) + ":" + atom_text(im.function) + "/" + std::to_string(im.arity);
    const AsmInstr& in = m_.code[i];
    if (letter == 'b') {
      auto mod = atoms_.find(m_.atoms[im.module]);
      auto fun = atoms_.find(m_.atoms[im.function]);
      if (!mod || !fun || bifs_.find(*mod, *fun, im.arity) < 0) return fail(at + ": " + mfa + " is not a BIF");
      std::int64_t want = -1;
      switch (in.op) {
        case Opcode::bif0: want = 0; break;
        case Opcode::bif1: want = 1; break;
        case Opcode::bif2: want = 2; break;
        case Opcode::bif3: want = 3; break;
        case Opcode::call_bif: want = in.ops[0].value; break;
        default: break;
      }
      if (want >= 0 && want != static_cast<std::int64_t>(im.arity)) {
        return fail(at + ": BIF " + mfa + " called with " + std::to_string(want) + " arguments");
      }
      return true;
    }
    // call_ext*: "arity, import"
    if (j == 1 && in.ops[0].kind == K::Int && in.ops[0].value != im.arity) {
      return fail(at + ": calls " + mfa + " with arity " + std::to_string(in.ops[0].value));
    }
    return true;
  }

  bool check_instr(std::size_t fi, std::size_t i) {
    const Function& f = functions_[fi];
    const AsmInstr& in = m_.code[i];
    std::string err;
    bool ok = for_each_operand(
        in,
        [&](char letter, std::size_t j) {
          const AsmOperand& o = in.ops[j];
          std::string at = where(f, i) + ", operand " + std::to_string(j);
          if (!operand_kind_allowed(letter, o.kind)) {
            return fail(at + ": " + operand_kind_name(o.kind) + " not allowed for kind '" + letter + "'");
          }
          switch (o.kind) {
            case K::X:
              if (o.value < 0 || o.value >= static_cast<std::int64_t>(vm::kMaxXRegs)) {
                return fail(at + ": x register " + std::to_string(o.value) + " out of range (max " + std::to_string(vm::kMaxXRegs - 1) + ")");
              }
              return true;
            case K::Y: return check_y(f, i, j, o.value);
            case K::Int:
              if ((letter == 'u' || letter == kCountKind) &&
                  (o.value < 0 || o.value > std::numeric_limits<std::uint32_t>::max())) {
                return fail(at + ": unsigned operand " + std::to_string(o.value) + " out of range");
              }
              return true;
            case K::Atom:
              if (!in_range(o.value, m_.atoms.size())) return fail(at + ": atom index " + std::to_string(o.value) + " out of range (" + std::to_string(m_.atoms.size()) + " atoms)");
              return true;
            case K::Literal:
              if (!in_range(o.value, m_.literals.size())) return fail(at + ": literal index " + std::to_string(o.value) + " out of range (" + std::to_string(m_.literals.size()) + " literals)");
              return true;
            case K::Nil: return true;
            case K::Label: return check_label(fi, i, j, letter, o.value);
            case K::Import: return check_import(f, i, j, letter, o.value);
            case K::Fun:
              if (!in_range(o.value, m_.lambdas.size())) return fail(at + ": lambda index " + std::to_string(o.value) + " out of range (" + std::to_string(m_.lambdas.size()) + " lambdas)");
              return true;
          }
          return fail(at + ": bad operand kind");
        },
        err);
    if (!ok) {
      if (!err.empty()) return fail(where(f, i) + ": " + err);
      return false;  // the callback set error_
    }
    return check_semantics(f, i);
  }

  // Per-opcode facts beyond operand kinds.
  bool check_semantics(const Function& f, std::size_t i) {
    const AsmInstr& in = m_.code[i];
    auto u = [&](std::size_t j) { return in.ops[j].value; };
    int live = vm::live_operand_index(in.op);
    if (live >= 0 && u(static_cast<std::size_t>(live)) > static_cast<std::int64_t>(vm::kMaxXRegs)) {
      return fail(where(f, i) + ": live count " + std::to_string(u(static_cast<std::size_t>(live))) + " exceeds " + std::to_string(vm::kMaxXRegs));
    }
    if (in.op == Opcode::length) {
      // It keeps its place in x(live)..x(live+2) when it yields.
      if (u(1) + 3 > static_cast<std::int64_t>(vm::kMaxXRegs)) {
        return fail(where(f, i) + ": length needs live + 3 <= " + std::to_string(vm::kMaxXRegs) + " registers");
      }
    }
    int drop_index = vm::frame_drop_operand_index(in.op);
    if (drop_index >= 0) {
      std::int64_t drop = u(static_cast<std::size_t>(drop_index));
      if (!seen_allocate_) return fail(where(f, i) + ": drops a frame before any allocate");
      if (drop > max_frame_) return fail(where(f, i) + ": drops " + std::to_string(drop) + " slots but the largest frame is " + std::to_string(max_frame_));
    }
    if (in.op == Opcode::allocate && u(0) > kMaxFrameSlots) {
      return fail(where(f, i) + ": frame of " + std::to_string(u(0)) + " slots exceeds " + std::to_string(kMaxFrameSlots));
    }
    if (vm::has_arity_operand(in.op) && u(0) > kMaxArity) {
      return fail(where(f, i) + ": arity " + std::to_string(u(0)) + " > 255");
    }
    switch (in.op) {
      case Opcode::try_: case Opcode::catch_: case Opcode::try_end: case Opcode::try_case: case Opcode::catch_end:
        if (u(0) >= static_cast<std::int64_t>(vm::kMaxCatchSlot)) {
          return fail(where(f, i) + ": catch slot y" + std::to_string(u(0)) + " >= " + std::to_string(vm::kMaxCatchSlot));
        }
        break;
      case Opcode::make_fun: {  // "FdL": fun entry, destination, free variables
        const AsmLambda& l = m_.lambdas[static_cast<std::size_t>(u(0))];
        if (u(2) != l.num_free) return fail(where(f, i) + ": " + std::to_string(u(2)) + " free variables but lambda " + std::to_string(u(0)) + " has " + std::to_string(l.num_free));
        break;
      }
      case Opcode::init_yregs:
        for (std::size_t j = 1; j < in.ops.size(); ++j) {
          if (in.ops[j].kind != K::Y) return fail(where(f, i) + ", operand " + std::to_string(j) + ": init_yregs takes only y slots");
        }
        break;
      default: break;
    }
    return true;
  }

  // --- exports and lambdas ---

  bool entry_matches(const std::string& what, std::uint32_t label, std::uint32_t function, std::uint32_t arity) {
    if (label == 0 || label >= m_.label_count || entry_func_[label] == kUndefined) {
      return fail(what + ": label " + std::to_string(label) + " is not a function entry");
    }
    const Function& f = functions_[entry_func_[label]];
    if (m_.atoms[function] != m_.atoms[static_cast<std::size_t>(f.atom)] || arity != f.arity) {
      return fail(what + ": label " + std::to_string(label) + " is the entry of " + f.name);
    }
    return true;
  }

  bool check_exports() {
    std::set<std::pair<std::string, std::uint32_t>> seen;
    for (const AsmExport& e : m_.exports) {
      if (!in_range(e.function, m_.atoms.size())) return fail("export: atom index " + std::to_string(e.function) + " out of range (" + std::to_string(m_.atoms.size()) + " atoms)");
      std::string what = "export " + atom_text(e.function) + "/" + std::to_string(e.arity);
      if (!seen.emplace(m_.atoms[e.function], e.arity).second) return fail(what + " listed twice");
      if (!entry_matches(what, e.label, e.function, e.arity)) return false;
    }
    return true;
  }

  bool check_lambdas() {
    for (std::size_t i = 0; i < m_.lambdas.size(); ++i) {
      const AsmLambda& l = m_.lambdas[i];
      if (!in_range(l.function, m_.atoms.size())) return fail("lambda " + std::to_string(i) + ": atom index " + std::to_string(l.function) + " out of range (" + std::to_string(m_.atoms.size()) + " atoms)");
      std::string what = "lambda " + std::to_string(i) + " (" + atom_text(l.function) + "/" + std::to_string(l.arity) + ")";
      if (l.num_free > l.arity) return fail(what + ": " + std::to_string(l.num_free) + " free variables exceed the arity");
      if (!entry_matches(what, l.label, l.function, l.arity)) return false;
    }
    return true;
  }

  static constexpr std::size_t kUndefined = std::numeric_limits<std::size_t>::max();

  const AsmModule& m_;
  const vm::BifTable& bifs_;
  vm::AtomTable& atoms_;
  std::string& error_;
  std::vector<std::size_t> label_at_;    // label -> defining instruction
  std::vector<std::size_t> label_func_;  // label -> function containing it
  std::vector<std::size_t> entry_func_;  // label -> function it is the entry of
  std::vector<Function> functions_;
  std::int64_t max_frame_ = -1;
  bool seen_allocate_ = false;
};

}  // namespace

bool verify_module(const AsmModule& m, const vm::BifTable& bifs, vm::AtomTable& atoms, std::string& error) {
  Verifier v(m, bifs, atoms, error);
  return v.run();
}

}  // namespace girder::loader
