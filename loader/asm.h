// A module as the compiler produces it and the module file holds it: symbolic
// instructions (opcode + operands) with tables of atoms, literals, imports,
// exports and lambdas. The writer serialises this, the reader parses it back,
// the verifier checks it and the loader turns it into a runnable CodeVersion.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "vm/exec/opcodes.h"

namespace girder::loader {

struct AsmOperand {
  enum class Kind : std::uint8_t {
    X,        // X register number
    Y,        // Y slot number
    Int,      // integer immediate (also list counts and unsigned operands)
    Atom,     // index into AsmModule::atoms
    Literal,  // index into AsmModule::literals (any term, ETF-encoded)
    Nil,      // []
    Label,    // label number (defined by a `label` pseudo-instruction)
    Import,   // index into AsmModule::imports (calls and BIFs)
    Fun,      // index into AsmModule::lambdas
  };
  Kind kind = Kind::Int;
  std::int64_t value = 0;

  static AsmOperand x(std::int64_t n) { return {Kind::X, n}; }
  static AsmOperand y(std::int64_t n) { return {Kind::Y, n}; }
  static AsmOperand integer(std::int64_t v) { return {Kind::Int, v}; }
  static AsmOperand atom(std::int64_t i) { return {Kind::Atom, i}; }
  static AsmOperand literal(std::int64_t i) { return {Kind::Literal, i}; }
  static AsmOperand nil() { return {Kind::Nil, 0}; }
  static AsmOperand label(std::int64_t l) { return {Kind::Label, l}; }
  static AsmOperand import(std::int64_t i) { return {Kind::Import, i}; }
  static AsmOperand fun(std::int64_t i) { return {Kind::Fun, i}; }
};

// Operands follow the opcode's kind string (opcodes.def). A list kind (j, L,
// M, G, B) is written as an Int count followed by the items, flattened.
// Where a kind string says 's', any of X, Y, Int (a small integer literal),
// Atom, Literal or Nil may appear; 'd' is X or Y; 'u' is Int; 'a' is Atom;
// 'c' is Literal, Atom, Int or Nil; 'l'/'f' are Label (Label 0 = none, for
// 'l' only); 'e' and 'b' are Import; 'F' is Fun; 'x' is X; 'y' is Y.
struct AsmInstr {
  vm::Opcode op;
  std::vector<AsmOperand> ops;
};

struct AsmImport {
  std::uint32_t module;    // atom index
  std::uint32_t function;  // atom index
  std::uint32_t arity;
};

struct AsmExport {
  std::uint32_t function;  // atom index
  std::uint32_t arity;
  std::uint32_t label;     // entry label
};

struct AsmLambda {
  std::uint32_t function;  // atom index of the generated function name
  std::uint32_t arity;     // arity of the generated function = user arity + num_free
  std::uint32_t num_free;
  std::uint32_t label;     // entry label of the generated function
};

struct AsmAttribute {
  std::uint32_t name;     // atom index
  std::uint32_t literal;  // literal index of the value
};

struct AsmModule {
  std::vector<std::string> atoms;   // atoms[0] is the module name
  std::vector<std::vector<std::uint8_t>> literals;  // external term format (131 ...)
  std::vector<AsmImport> imports;
  std::vector<AsmExport> exports;
  std::vector<AsmLambda> lambdas;
  std::vector<AsmAttribute> attributes;
  std::vector<AsmInstr> code;       // functions in order; each starts with
                                    // label, line?, func_info M F A, label (entry)
  std::string source_file;
  std::uint32_t label_count = 0;    // labels are numbered 1..label_count-1
};

}  // namespace girder::loader
