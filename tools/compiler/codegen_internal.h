// Internal state of the code generator, shared by codegen*.cpp.
#pragma once

#include <functional>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "loader/asm.h"
#include "tools/compiler/ast.h"
#include "tools/compiler/codegen.h"

namespace girder::compiler {

using loader::AsmInstr;
using loader::AsmModule;
using loader::AsmOperand;
using vm::Opcode;

// A register: X or Y.
struct Reg {
  bool y = false;
  int n = 0;
  AsmOperand op() const { return y ? AsmOperand::y(n) : AsmOperand::x(n); }
  bool operator==(const Reg&) const = default;
};

// Module-wide tables.
class ModuleGen {
 public:
  explicit ModuleGen(AsmModule& m) : m_(m) {}
  int atom(const std::string& name);
  int literal(std::vector<std::uint8_t> etf);
  int import(const std::string& module, const std::string& function, unsigned arity);
  int new_label() { return static_cast<int>(m_.label_count++); }
  AsmModule& asm_module() { return m_; }

  // Local functions defined in the module: name/arity.
  std::set<std::pair<std::string, unsigned>> locals;
  // -import(M, [F/A]).
  std::map<std::pair<std::string, unsigned>, std::string> imports;
  // Entry labels of local functions, assigned before code generation.
  std::map<std::pair<std::string, unsigned>, int> entry_labels;
  std::string module_name;
  std::vector<Diagnostic> errors;
  std::string file;

  // Lambdas waiting to be generated after the function that made them.
  struct PendingLambda {
    const Expr* fun;                  // the Lambda node
    std::vector<std::string> free;    // free variable names, in order
    std::string function_name;        // generated name
    int lambda_index;
    int entry_label;
  };
  std::vector<PendingLambda> pending;
  int lambda_counter = 0;

 private:
  AsmModule& m_;
  std::unordered_map<std::string, int> atoms_;
  std::map<std::vector<std::uint8_t>, int> literals_;
  std::map<std::tuple<std::string, std::string, unsigned>, int> imports_;
};

// Is erlang:Name/Arity a BIF the code generator may call inline (bif0..3)?
bool is_inline_bif(const std::string& name, unsigned arity);
// Auto-imported erlang BIF (callable without a module prefix)?
bool is_auto_imported(const std::string& name, unsigned arity);
// Does any erlang:Name/Arity BIF exist in the VM's tables?
bool is_erlang_bif(const std::string& name, unsigned arity);

class FunctionGen {
 public:
  FunctionGen(ModuleGen& mg, std::vector<AsmInstr>& code) : mg_(mg), code_(code) {}

  // Generate a named function: func_info, entry label, clauses.
  void function(const std::string& name, unsigned arity, const std::vector<Clause>& clauses, int entry_label,
                const std::vector<std::string>& free_vars, const std::string& self_name,
                int self_lambda_index);

 private:
  // ---- emission ----
  void emit(Opcode op, std::vector<AsmOperand> ops);
  void label(int l) { emit(Opcode::label, {AsmOperand::integer(l)}); }
  void line(const Loc& loc);
  AsmOperand atom_op(const std::string& name) { return AsmOperand::atom(mg_.atom(name)); }
  AsmOperand import_op(const std::string& m, const std::string& f, unsigned a) {
    return AsmOperand::import(mg_.import(m, f, a));
  }
  AsmOperand literal_op(const Expr& constant);
  AsmOperand empty_map_op();
  void error(const Loc& loc, const std::string& message);

  // ---- registers ----
  Reg temp();                  // a fresh X temporary (stack discipline)
  int temp_mark() const { return x_top_; }
  void temp_release(int mark) { x_top_ = mark; }
  Reg ytemp();                 // a fresh Y slot (frame mode only)
  void mark_written(const AsmOperand& op);
  // A heap check for `need` words keeping the registers that matter.
  void gc_point(unsigned need, const std::vector<Reg>& extra_live = {});
  // How many X registers (x0..) hold values still needed here: homes of
  // bound variables, live temporaries, `extra_live`. Emits init_x for holes
  // below that count, so a collector or a yield sees only valid terms.
  int live_x(const std::vector<Reg>& extra_live = {});

  // ---- clauses ----
  void clause_body(const Clause& c, const std::vector<Reg>& args, int fail_label, bool frame);
  bool needs_frame(const Clause& c) const;
  unsigned count_arith(const Expr& e) const;
  // Variables of e in first-use order (each once, "_" skipped): those of
  // this function only, or also those inside nested funs (whose free
  // variables every enclosing fun must capture).
  enum class VarScope { ThisFunction, IntoFuns };
  void collect_vars(const Expr& e, std::vector<std::string>& out, VarScope scope) const;
  void assign_homes(const Clause& c, unsigned arity, bool frame);

  // ---- patterns and guards (codegen_match.cpp) ----
  void match(const Expr& pattern, AsmOperand src, int fail);
  void match_binary(const Expr& pattern, AsmOperand src, int fail);
  void bind(const std::string& name, AsmOperand src, int fail);
  void guard(const Guard& g, int fail);
  void guard_test(const Expr& e, int fail);
  AsmOperand guard_value(const Expr& e, int fail);

  // ---- expressions (codegen_expr.cpp) ----
  // Value of e as an operand (literal, variable home or temporary).
  AsmOperand value(const Expr& e);
  void value_into(const Expr& e, Reg dest);
  // Expressions in tail position return from the function themselves.
  void tail(const Expr& e);
  void body(const std::vector<ExprPtr>& exprs, Reg dest, bool is_tail);
  void effect(const Expr& e);
  void ret(AsmOperand v);

  void call(const Expr& e, Reg dest, bool is_tail);
  void call_with_args(const std::vector<const Expr*>& args, const std::vector<AsmOperand>& extra,
                      const std::function<void()>& emit_call, bool clobbers);
  std::vector<AsmOperand> eval_args(const std::vector<const Expr*>& args);
  void parallel_move(std::vector<AsmOperand> sources);
  void after_call(Reg dest, bool is_tail);
  AsmOperand bif_call(const std::string& name, const std::vector<const Expr*>& args, int fail);
  AsmOperand construct(const Expr& e);
  AsmOperand make_lambda(const Expr& e);
  AsmOperand binary(const Expr& e, int fail);
  AsmOperand map_expr(const Expr& e);
  void case_expr(const Expr& e, Reg dest, bool is_tail);
  void if_expr(const Expr& e, Reg dest, bool is_tail);
  void try_expr(const Expr& e, Reg dest, bool is_tail);
  void catch_expr(const Expr& e, Reg dest);
  void receive_expr(const Expr& e, Reg dest, bool is_tail);
  void bool_op(const Expr& e, Reg dest);
  void tail_bool_op(const Expr& e);
  void match_expr(const Expr& e, Reg dest);
  unsigned construction_size(const Expr& e) const;
  bool contains_call(const Expr& e) const;
  int temp_mark_floor() const;
  // For a Call node that runs as an inline BIF instruction: the erlang BIF
  // name; otherwise "".
  std::string inline_bif_name(const Expr& call) const;
  bool is_simple(const Expr& e) const;

  // Join point handling for branches.
  struct State {
    std::set<std::string> bound;
    std::vector<bool> xinit;
    int x_top;
  };
  State save() const { return {bound_, xinit_, x_top_}; }
  // The state after a join of branches (case, if, receive).
  void merge_branches(const std::vector<State>& outs);
  void restore(const State& s) {
    bound_ = s.bound;
    xinit_ = s.xinit;
    x_top_ = s.x_top;
  }

  ModuleGen& mg_;
  std::vector<AsmInstr>& code_;
  std::string name_;
  unsigned arity_ = 0;
  std::map<std::string, Reg> home_;
  // Variables bound to make_ref()/monitor/2 results with a receive marker.
  std::set<std::string> fresh_refs_;
  bool makes_fresh_ref(const Expr& e) const;
  const std::string* receive_ref(const Expr& e) const;
  std::set<std::string> bound_;
  std::vector<bool> xinit_;
  int x_base_ = 0;  // first temporary
  int x_top_ = 0;   // next temporary
  bool frame_ = false;
  int y_count_ = 0;  // Y slots used by this clause
  std::vector<std::pair<std::size_t, std::size_t>> frame_patches_;  // (instr, operand) = frame size
  std::uint32_t last_line_ = 0;
  int func_info_label_ = 0;
  std::string self_name_;
  int self_lambda_index_ = -1;
  std::vector<std::string> free_vars_;
  int try_depth_ = 0;  // inside try/catch bodies tail calls are not tail calls
  int guard_fail_ = 0;
  int catch_slots_ = 0;  // Y slots y0.. reserved for catch tags (innermost lowest)
  int catch_depth_ = 0;
  Reg catch_slot() const;
  int catch_nesting(const Expr& e) const;  // BIF failure label: 0 in bodies (raise), the guard's fail label in guards
  // Failure blocks emitted after the last clause: (label, opcode, operand, line).
  struct Deferred {
    int label;
    Opcode op;
    AsmOperand operand;
    std::uint32_t line;
  };
  std::vector<Deferred> deferred_;
  int deferred_label(Opcode op, AsmOperand operand, std::uint32_t line_no);
};

}  // namespace girder::compiler
