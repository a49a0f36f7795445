#include "loader/disasm.h"

#include <unordered_map>

#include "loader/etf_check.h"
#include "loader/operands.h"

namespace girder::loader {

namespace {

using K = AsmOperand::Kind;

class Disassembler {
 public:
  explicit Disassembler(const AsmModule& m) : m_(m) {}

  std::string run() {
    header();
    find_function_heads();
    for (std::size_t i = 0; i < m_.code.size(); ++i) {
      auto head = heads_.find(i);
      if (head != heads_.end()) out_ += "\nfunction " + head->second + ":\n";
      instr(m_.code[i]);
    }
    return out_;
  }

 private:
  std::string atom(std::int64_t i) const {
    if (i < 0 || static_cast<std::uint64_t>(i) >= m_.atoms.size()) return "<atom " + std::to_string(i) + "?>";
    return format_atom(m_.atoms[static_cast<std::size_t>(i)]);
  }

  std::string literal(std::int64_t i) const {
    if (i < 0 || static_cast<std::uint64_t>(i) >= m_.literals.size()) return "<literal " + std::to_string(i) + "?>";
    return etf_to_string(m_.literals[static_cast<std::size_t>(i)]);
  }

  std::string import(std::int64_t i) const {
    if (i < 0 || static_cast<std::uint64_t>(i) >= m_.imports.size()) return "<import " + std::to_string(i) + "?>";
    const AsmImport& imp = m_.imports[static_cast<std::size_t>(i)];
    return atom(imp.module) + ":" + atom(imp.function) + "/" + std::to_string(imp.arity);
  }

  std::string fun(std::int64_t i) const {
    if (i < 0 || static_cast<std::uint64_t>(i) >= m_.lambdas.size()) return "<fun " + std::to_string(i) + "?>";
    const AsmLambda& l = m_.lambdas[static_cast<std::size_t>(i)];
    return "fun#" + std::to_string(i) + "(" + atom(l.function) + "/" + std::to_string(l.arity) + ")";
  }

  std::string operand(const AsmOperand& o) const {
    switch (o.kind) {
      case K::X: return "x" + std::to_string(o.value);
      case K::Y: return "y" + std::to_string(o.value);
      case K::Int: return std::to_string(o.value);
      case K::Atom: return atom(o.value);
      case K::Literal: return literal(o.value);
      case K::Nil: return "[]";
      case K::Label: return o.value == 0 ? "none" : "L" + std::to_string(o.value);
      case K::Import: return import(o.value);
      case K::Fun: return fun(o.value);
    }
    return "?";
  }

  void header() {
    out_ += "module " + (m_.atoms.empty() ? std::string("?") : format_atom(m_.atoms[0])) + "\n";
    if (!m_.source_file.empty()) out_ += "source \"" + m_.source_file + "\"\n";
    out_ += "exports [";
    for (std::size_t i = 0; i < m_.exports.size(); ++i) {
      const AsmExport& e = m_.exports[i];
      out_ += (i ? ", " : "") + atom(e.function) + "/" + std::to_string(e.arity) + " @L" + std::to_string(e.label);
    }
    out_ += "]\n";
    for (std::size_t i = 0; i < m_.lambdas.size(); ++i) {
      const AsmLambda& l = m_.lambdas[i];
      out_ += "lambda " + std::to_string(i) + ": " + atom(l.function) + "/" + std::to_string(l.arity) + " free " +
              std::to_string(l.num_free) + " @L" + std::to_string(l.label) + "\n";
    }
    for (const AsmAttribute& a : m_.attributes) out_ += "attribute " + atom(a.name) + " " + literal(a.literal) + "\n";
  }

  // The label before each func_info starts a function: print a heading there.
  void find_function_heads() {
    for (std::size_t i = 0; i < m_.code.size(); ++i) {
      const AsmInstr& in = m_.code[i];
      if (in.op != vm::Opcode::func_info || in.ops.size() != 3) continue;
      std::size_t head = i;
      while (head > 0 && m_.code[head - 1].op == vm::Opcode::line) --head;
      if (head > 0 && m_.code[head - 1].op == vm::Opcode::label) --head;
      heads_[head] = atom(in.ops[1].value) + "/" + std::to_string(in.ops[2].value);
    }
  }

  void instr(const AsmInstr& in) {
    if (static_cast<int>(in.op) >= vm::kOpcodeCount) {
      out_ += "  <opcode " + std::to_string(static_cast<int>(in.op)) + ">\n";
      return;
    }
    if (in.op == vm::Opcode::label && in.ops.size() == 1) {
      out_ += "L" + std::to_string(in.ops[0].value) + ":\n";
      return;
    }
    std::string line = "  " + std::string(vm::opcode_info(in.op).name);
    std::string text;
    std::string err;
    // Lists print in brackets: pairs as a => b, segments as {..}.
    std::string_view elems;
    std::size_t items_left = 0, elem = 0;
    bool first = true;
    bool ok = for_each_operand(
        in,
        [&](char letter, std::size_t j) {
          const AsmOperand& o = in.ops[j];
          if (letter == kCountKind) {
            // Which list kind this count belongs to: the kind letter at this
            // position of the kind string is not tracked by the walk, so find
            // it from the operand count so far.
            elems = list_kind_at(in, j);
            items_left = static_cast<std::size_t>(o.value) * elems.size();
            elem = 0;
            text += (first ? " " : ", ");
            text += "[";
            first = false;
            if (items_left == 0) text += "]";
            return true;
          }
          if (items_left > 0) {
            std::size_t k = elem % elems.size();
            if (k == 0 && elem > 0) text += ", ";
            if (k == 0 && elems.size() > 2) text += "{";
            if (k > 0) text += elems.size() == 2 ? (elems == "sd" ? " -> " : " => ") : ",";
            text += operand(o);
            ++elem;
            --items_left;
            if (k + 1 == elems.size() && elems.size() > 2) text += "}";
            if (items_left == 0) text += "]";
            return true;
          }
          text += (first ? " " : ", ") + operand(o);
          first = false;
          return true;
        },
        err);
    if (!ok) {
      text = " <malformed: " + err + ">";
      for (const AsmOperand& o : in.ops) text += " " + operand(o);
    }
    out_ += line + text + "\n";
  }

  // The element kinds of the list whose count is operand j.
  static std::string_view list_kind_at(const AsmInstr& in, std::size_t j) {
    std::size_t i = 0;
    for (char k : vm::opcode_info(in.op).operands) {
      if (i == j) return list_element_kinds(k);
      if (is_list_kind(k)) {
        i += 1 + static_cast<std::size_t>(in.ops[i].value) * list_element_kinds(k).size();
      } else {
        ++i;
      }
    }
    return "s";
  }

  const AsmModule& m_;
  std::string out_;
  std::unordered_map<std::size_t, std::string> heads_;
};

}  // namespace

std::string disassemble(const AsmModule& m) { return Disassembler(m).run(); }

}  // namespace girder::loader
