#include "loader/load.h"

#include <limits>
#include <memory>
#include <vector>

#include "loader/module_file.h"
#include "loader/operands.h"
#include "loader/verify.h"
#include "vm/bif/registry.h"
#include "vm/exec/backend.h"
#include "vm/exec/code.h"
#include "vm/exec/interp.h"
#include "vm/exec/operand.h"
#include "vm/text/etf.h"

namespace girder::loader {

namespace {

using K = AsmOperand::Kind;
using vm::Term;
using vm::Word;

// Literal terms live in the version's literal area, outside every heap.
class LiteralAllocator final : public vm::TermAllocator {
 public:
  explicit LiteralAllocator(vm::LiteralArea& area) : area_(area) {}
  Word* alloc(Word words) override { return area_.alloc(words); }
  void link_proc_bin(Word* proc_bin) override { area_.refc_bins().push_back(proc_bin); }

 private:
  vm::LiteralArea& area_;
};

class Loader {
 public:
  Loader(vm::VM& vm, const AsmModule& m, std::string& error) : vm_(vm), m_(m), error_(error) {}

  bool run() {
    if (!verify_module(m_, vm_.bifs(), vm_.atoms(), error_)) return false;
    version_ = std::make_unique<vm::CodeVersion>();
    ModuleDigests digests = module_digests(m_);
    version_->content_hash = digests.content_hash;
    version_->md5 = digests.md5;
    version_->source_file = m_.source_file;
    if (!intern_atoms() || !decode_literals() || !layout()) return false;
    version_->module = atom(0);
    make_funs();
    emit();
    if (vm::CodeBackend* backend = vm_.backend()) {
      std::string why;
      if (!backend->translate(version_->code.data(), version_->code.size(), version_->native, why)) {
        return fail("native code generation failed for " + m_.atoms[0] + ": " + why);
      }
    }
    build_tables();
    set_bif_entries();
    return true;
  }

  // The prepared version (after run() succeeded).
  std::unique_ptr<vm::CodeVersion> take() { return std::move(version_); }

 private:
  bool fail(const std::string& msg) {
    error_ = msg;
    return false;
  }

  Term atom(std::int64_t i) const { return atoms_[static_cast<std::size_t>(i)]; }

  bool intern_atoms() {
    atoms_.reserve(m_.atoms.size());
    for (const std::string& text : m_.atoms) {
      Term a = vm_.atoms().intern(text);
      if (a.is_non_value()) return fail("atom table full (system_limit) while loading " + m_.atoms[0]);
      atoms_.push_back(a);
    }
    return true;
  }

  bool decode_literals() {
    LiteralAllocator alloc(*version_->literals);
    literals_.reserve(m_.literals.size());
    for (std::size_t i = 0; i < m_.literals.size(); ++i) {
      std::size_t used = 0;
      Term t = vm::etf_decode(m_.literals[i], alloc, vm_, &used, false);
      if (t.is_non_value() || used != m_.literals[i].size()) {
        return fail("module " + m_.atoms[0] + ": literal " + std::to_string(i) + " does not decode");
      }
      literals_.push_back(t);
    }
    return true;
  }

  // Word offsets of every label and instruction, and the code size; then the
  // code vector is sized once, for good.
  bool layout() {
    label_offset_.assign(m_.label_count, 0);
    std::uint64_t offset = 0;
    for (const AsmInstr& in : m_.code) {
      if (in.op == vm::Opcode::label) {
        label_offset_[static_cast<std::size_t>(in.ops[0].value)] = offset;
      } else if (in.op == vm::Opcode::line) {
        auto line = static_cast<std::uint32_t>(in.ops[0].value);
        auto off = static_cast<std::uint32_t>(offset);
        if (!version_->lines.empty() && version_->lines.back().offset == off) {
          version_->lines.back().line = line;
        } else {
          version_->lines.push_back({off, line});
        }
      } else {
        offset += 1 + in.ops.size();
      }
    }
    if (offset > std::numeric_limits<std::uint32_t>::max()) return fail("module " + m_.atoms[0] + ": code too large");
    version_->code.assign(static_cast<std::size_t>(offset), 0);
    return true;
  }

  Word label_address(std::int64_t label) const {
    if (label == 0) return 0;
    return reinterpret_cast<Word>(&version_->code[label_offset_[static_cast<std::size_t>(label)]]);
  }

  void make_funs() {
    const Word uniq = version_->content_hash & ((Word{1} << 27) - 1);
    for (std::size_t i = 0; i < m_.lambdas.size(); ++i) {
      const AsmLambda& l = m_.lambdas[i];
      auto fe = std::make_unique<vm::FunEntry>();
      fe->module = atom(0);
      fe->name = atom(l.function);
      fe->arity = l.arity - l.num_free;
      fe->num_free = l.num_free;
      fe->index = i;
      fe->uniq = uniq;
      fe->address.store(reinterpret_cast<const Word*>(label_address(l.label)), std::memory_order_relaxed);
      fe->version = version_.get();
      version_->funs.push_back(std::move(fe));
    }
  }

  // A source/literal integer: a small, else a bignum literal.
  Term integer(std::int64_t v) {
    if (Term::fits_small(v)) return Term::small(v);
    Word* big = version_->literals->alloc(2);
    big[0] = vm::make_header(v < 0 ? vm::BoxKind::NegBig : vm::BoxKind::PosBig, 1);
    // Magnitude without overflow for INT64_MIN.
    big[1] = v < 0 ? Word{0} - static_cast<Word>(v) : static_cast<Word>(v);
    return Term::boxed(big);
  }

  Word import_export(std::int64_t i) {
    const AsmImport& imp = m_.imports[static_cast<std::size_t>(i)];
    return reinterpret_cast<Word>(vm_.code().export_entry(atom(imp.module), atom(imp.function), imp.arity));
  }

  Word import_bif(std::int64_t i) {
    const AsmImport& imp = m_.imports[static_cast<std::size_t>(i)];
    int index = vm_.bifs().find(atom(imp.module), atom(imp.function), imp.arity);
    return reinterpret_cast<Word>(vm_.bifs().at(index).fn);  // verified: a BIF
  }

  Word operand_word(char letter, const AsmOperand& o) {
    switch (o.kind) {
      // An 'x' operand is the bare register number (init_x indexes x[] with
      // it); x registers in 's'/'d' positions use the register encoding.
      case K::X: return letter == 'x' ? static_cast<Word>(o.value) : vm::encode_x(static_cast<Word>(o.value));
      case K::Y: return vm::encode_y(static_cast<Word>(o.value));
      case K::Int:
        if (letter == 'u' || letter == kCountKind) return static_cast<Word>(o.value);
        return integer(o.value).raw();
      case K::Atom: return atom(o.value).raw();
      case K::Literal: return literals_[static_cast<std::size_t>(o.value)].raw();
      case K::Nil: return vm::kNil.raw();
      case K::Label: return label_address(o.value);
      case K::Import: return letter == 'b' ? import_bif(o.value) : import_export(o.value);
      case K::Fun: return reinterpret_cast<Word>(version_->funs[static_cast<std::size_t>(o.value)].get());
    }
    return 0;
  }

  void emit() {
    const void* const* handlers = vm::dispatch_table();
    Word* code = version_->code.data();
    std::size_t pc = 0;
    for (const AsmInstr& in : m_.code) {
      if (vm::is_pseudo(in.op)) continue;
      if (in.op == vm::Opcode::func_info) {
        if (!version_->functions.empty()) version_->functions.back().end = static_cast<std::uint32_t>(pc);
        version_->functions.push_back({atom(in.ops[1].value), static_cast<unsigned>(in.ops[2].value),
                                       static_cast<std::uint32_t>(pc), 0});
      }
      code[pc++] = reinterpret_cast<Word>(handlers[static_cast<int>(in.op)]);
      std::string ignored;
      for_each_operand(
          in,
          [&](char letter, std::size_t j) {
            code[pc++] = operand_word(letter, in.ops[j]);
            return true;
          },
          ignored);
    }
    if (!version_->functions.empty()) version_->functions.back().end = static_cast<std::uint32_t>(pc);
  }

  void build_tables() {
    for (const AsmExport& e : m_.exports) {
      version_->exports.emplace_back(atom(e.function), e.arity);
      version_->export_code.push_back(reinterpret_cast<const Word*>(label_address(e.label)));
    }
    for (const AsmAttribute& a : m_.attributes) {
      Word* t = version_->literals->alloc(3);
      t[0] = vm::make_header(vm::BoxKind::Tuple, 2);
      t[1] = atom(a.name).raw();
      t[2] = literals_[a.literal].raw();
      version_->attributes.push_back(Term::boxed(t));
    }
    add_default_vsn();
  }

  // OTP gives a module without -vsn the vsn [MD5 of its code as an
  // integer], first in module_info(attributes); `girder load --upgrade`
  // passes it to code_change as the old version.
  void add_default_vsn() {
    Term vsn = vm_.atoms().intern("vsn");
    for (Term a : version_->attributes) {
      if (a.element(0) == vsn) return;
    }
    // [Integer] in the external term format: SMALL_BIG_EXT digits are
    // little-endian; the MD5 read as an integer is big-endian.
    std::vector<std::uint8_t> digits(version_->md5.rbegin(), version_->md5.rend());
    while (digits.size() > 1 && digits.back() == 0) digits.pop_back();
    std::vector<std::uint8_t> etf = {131, 108, 0, 0, 0, 1, 110, static_cast<std::uint8_t>(digits.size()), 0};
    etf.insert(etf.end(), digits.begin(), digits.end());
    etf.push_back(106);
    LiteralAllocator alloc(*version_->literals);
    std::size_t used = 0;
    Term value = vm::etf_decode(etf, alloc, vm_, &used, false);
    if (value.is_non_value()) return;
    Word* t = version_->literals->alloc(3);
    t[0] = vm::make_header(vm::BoxKind::Tuple, 2);
    t[1] = vsn.raw();
    t[2] = value.raw();
    version_->attributes.insert(version_->attributes.begin(), Term::boxed(t));
  }

  // A BIF that implements one of the module's exports is what remote calls
  // run (the interpreter checks ExportEntry::bif first). Set before install
  // publishes the addresses (release), so a caller that sees the new code
  // sees the bif index too.
  void set_bif_entries() {
    Term module = version_->module;
    for (const auto& [function, arity] : version_->exports) {
      int bif = vm_.bifs().find(module, function, arity);
      if (bif >= 0) {
        vm::ExportEntry* e = vm_.code().export_entry(module, function, arity);
        // Written once, before the entry is first published; a reload finds
        // the same values and leaves them (other threads may be reading).
        if (e->bif != bif) {
          e->bif = bif;
          e->bif_fn = vm_.bifs().at(bif).call_fn;
        }
      }
    }
  }

  vm::VM& vm_;
  const AsmModule& m_;
  std::string& error_;
  std::unique_ptr<vm::CodeVersion> version_;
  std::vector<Term> atoms_;     // module atom index -> VM atom
  std::vector<Term> literals_;  // module literal index -> term in the literal area
  std::vector<std::uint64_t> label_offset_;
};

}  // namespace

std::unique_ptr<vm::CodeVersion> prepare_module(vm::VM& vm, const AsmModule& m, std::string& error) {
  Loader loader(vm, m, error);
  if (!loader.run()) return nullptr;
  return loader.take();
}

bool load_module(vm::VM& vm, const AsmModule& m, std::string& error) {
  std::unique_ptr<vm::CodeVersion> version = prepare_module(vm, m, error);
  if (!version) return false;
  if (!vm.code().install(std::move(version))) {
    error = "not_purged: module " + m.atoms[0] + " has old code that must be purged first";
    return false;
  }
  return true;
}

bool load_module_bytes(vm::VM& vm, std::span<const std::uint8_t> bytes, std::string& error) {
  AsmModule m;
  if (!read_module(bytes, m, error)) return false;
  return load_module(vm, m, error);
}

void register_bif_exports(vm::VM& vm) {
  const vm::BifTable& bifs = vm.bifs();
  for (std::size_t i = 0; i < bifs.size(); ++i) {
    const vm::BifEntry& b = bifs.at(static_cast<int>(i));
    vm::ExportEntry* e = vm.code().export_entry(b.module, b.name, b.arity);
    e->bif = static_cast<int>(i);
    e->bif_fn = b.call_fn;
  }
  // erlang:apply/2,3 called dynamically (apply(erlang, apply, ...), spawn,
  // fun erlang:apply/3) run the VM's one-instruction apply code, which takes
  // its arguments exactly as these functions receive them.
  vm.code().export_entry(vm::atoms::erlang, vm::atoms::apply, 2)->set_boot_address(vm.boot_apply_fun());
  vm.code().export_entry(vm::atoms::erlang, vm::atoms::apply, 3)->set_boot_address(vm.boot_apply());
}

}  // namespace girder::loader
