// Loaded code: modules, code versions, export entries, fun entries.
//
// Invariants:
// * Every remote call goes through an ExportEntry. Its `address` is swapped
//   atomically when a module version is installed or purged; readers use
//   acquire loads so they see the code the installer wrote before the swap.
//   Export entries are never freed while the VM lives (stale fun m:f/a terms
//   and old code may still point at them).
// * A module has at most two versions: current and old. Local calls stay in
//   the version they started in; a version is freed only when it is old and
//   purged, and no process can still be running it.
// * Instruction stream (CodeVersion::code): word 0 of each instruction is the
//   handler address (direct threading) and the operands follow, already
//   decoded (registers encoded as in operand.h, labels as absolute pointers,
//   imports as ExportEntry*, literals as terms in the version's literal area).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "vm/term/term.h"

namespace girder::vm {

class VM;
struct CodeVersion;
class Process;

struct ExportEntry {
  Term module;
  Term function;
  unsigned arity = 0;
  // Code to run for a call, or nullptr while the function is not defined
  // (a call then asks the code server to load the module, else undef).
  std::atomic<const Word*> address{nullptr};
  // When a BIF implements this function: its index in the BifTable, else -1,
  // and its function (native code calls it directly). Both are set before
  // the entry's address is published.
  int bif = -1;
  Term (*bif_fn)(Process& p, const Term* args) = nullptr;
};

struct FunEntry {
  Term module;
  Term name;             // the generated function name, e.g. '-main/0-fun-0-'
  unsigned arity = 0;    // arguments the caller passes (free variables excluded)
  unsigned num_free = 0;
  Word index = 0;        // position in the module's lambda table
  Word uniq = 0;         // hash of the module's code, as printed in #Fun<m.i.uniq>
  const Word* address = nullptr;
  CodeVersion* version = nullptr;
};

// One function's extent in the code, for stack traces and function_clause.
struct FunctionRange {
  Term name;
  unsigned arity = 0;
  std::uint32_t begin = 0;  // word offsets into CodeVersion::code
  std::uint32_t end = 0;
};

struct LineEntry {
  std::uint32_t offset = 0;  // first code word of the run
  std::uint32_t line = 0;
};

// Storage for a version's literal terms: chunks of words that are never
// moved or collected while the version lives.
class LiteralArea {
 public:
  Word* alloc(Word words);
  // True if p points into this area (used only by checks and the verifier).
  bool contains(const Word* p) const;
  ~LiteralArea();
  std::vector<Word*>& refc_bins() { return proc_bins_; }

 private:
  struct Chunk {
    std::unique_ptr<Word[]> words;
    Word used;
    Word capacity;
  };
  std::vector<Chunk> chunks_;
  std::vector<Word*> proc_bins_;  // ProcBins held by literals (released on free)
};

struct CodeVersion {
  Term module;
  std::string source_file;
  std::uint64_t content_hash = 0;
  std::vector<Word> code;
  std::vector<FunctionRange> functions;  // sorted by begin
  std::vector<LineEntry> lines;          // sorted by offset
  std::vector<std::unique_ptr<FunEntry>> funs;
  std::vector<std::pair<Term, unsigned>> exports;  // (name, arity) for module_info
  std::vector<Term> attributes;                    // {Name, Value} terms for module_info
  LiteralArea literals;
  // The backend's native code for `code` (CodeBackend::translate), if any.
  std::shared_ptr<void> native;

  // Which function (and line) contains a code address; nullptr if none.
  const FunctionRange* function_at(const Word* pc) const;
  std::uint32_t line_at(const Word* pc) const;
  bool contains(const Word* pc) const {
    return !code.empty() && pc >= code.data() && pc < code.data() + code.size();
  }
};

struct Module {
  Term name;
  std::unique_ptr<CodeVersion> current;
  std::unique_ptr<CodeVersion> old;
};

// Loads a module by name on demand (set by whoever assembles the VM: the
// loader library provides one that searches the code path and the embedded
// stdlib). Returns false with a message in `error` if it cannot.
using ModuleLoader = std::function<bool(VM& vm, Term module, std::string& error)>;

class CodeServer {
 public:
  explicit CodeServer(VM& vm) : vm_(vm) {}

  // The export entry for M:F/A, created (undefined) on first request.
  // Thread-safe; the pointer stays valid for the VM's lifetime.
  ExportEntry* export_entry(Term module, Term function, unsigned arity);
  // Existing entry or nullptr.
  ExportEntry* find_export(Term module, Term function, unsigned arity) const;

  Module* find_module(Term name);
  // Make `version` current: the previous current becomes old (an existing old
  // version must have been purged first: returns false otherwise). Updates the
  // export entries for the module's exported functions atomically.
  bool install(std::unique_ptr<CodeVersion> version, const std::vector<std::pair<std::pair<Term, unsigned>, const Word*>>& exported);
  // Drop the old version of a module (no process may be running it).
  bool purge(Term module);

  void set_loader(ModuleLoader loader) { loader_ = std::move(loader); }
  // Load a module through the loader unless it is loaded already.
  bool ensure_loaded(Term module, std::string& error);

  // The code version containing pc (current or old of any module), or nullptr.
  const CodeVersion* version_of(const Word* pc) const;

  std::vector<Term> loaded_modules() const;

 private:
  static std::uint64_t key(Term m, Term f, unsigned a) {
    return (m.atom_index() << 40) ^ (f.atom_index() << 8) ^ a;
  }
  // A lock-free front for export_entry (dynamic apply, make_fun): a
  // direct-mapped cache of entries by key. Entries live as long as the VM
  // and their module/function/arity never change, so a slot may hold any
  // entry: a reader checks the three fields, and on a miss takes the mutex
  // and refills the slot. Slots are stored with release and loaded with
  // acquire, so a reader that sees an entry also sees its fields (written
  // under the mutex before the entry's first store into any slot).
  static constexpr std::size_t kExportCacheSlots = 1024;
  static std::size_t cache_slot(std::uint64_t k) {
    return static_cast<std::size_t>((k * 0x9E3779B97F4A7C15ull) >> 54) & (kExportCacheSlots - 1);
  }
  std::unique_ptr<std::atomic<ExportEntry*>[]> export_cache_{new std::atomic<ExportEntry*>[kExportCacheSlots]()};
  VM& vm_;
  mutable std::recursive_mutex mutex_;
  std::unordered_map<std::uint64_t, std::vector<std::unique_ptr<ExportEntry>>> exports_;
  std::unordered_map<Word, std::unique_ptr<Module>> modules_;
  ModuleLoader loader_;
};

}  // namespace girder::vm
