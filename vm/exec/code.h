// Loaded code: modules, code versions, export entries, fun entries.
//
// Invariants:
// * Every remote call goes through an ExportEntry, which holds one address
//   per code index (two). Readers load the active code index, then the
//   entry's slot for it (CodeServer::address), both with acquire. Outside a
//   publication both slots of every entry are equal. A publication (install
//   of one or several modules, delete, revert) writes the staging slots of
//   the entries it changes, flips the active index (one release store: every
//   change of the batch becomes visible at that instant, so no caller ever
//   sees a module, or a set of modules loaded together, half installed), then
//   brings the other slots level. A staging slot is reused only after every
//   worker but the publisher's own has started a slice since the previous
//   flip, so no reader can still be between its index load and its slot
//   load from before it (CodeServer::publish). Export entries are never
//   freed while the VM lives (stale fun m:f/a terms and old code may still
//   point at them).
// * A module has at most two versions: current and old. Local calls stay in
//   the version they started in.
// * Reclamation (docs/internals/hot_loading.md): purge() retires the old
//   version at a code epoch; it is freed once every scheduler worker has
//   started a slice after that epoch or is idle (Scheduler::
//   code_epochs_passed), because between slices no worker is inside any
//   module's code, and the purger has already killed the processes whose
//   frames or funs were in it. FunEntries outlive their version (fun terms
//   may survive in ETS or in messages): they move to a VM-lifetime list and
//   point at code that raises badfun. Literal areas are freed only when no
//   process heap refers to them (scan_literal_users), else kept for later.
// * Instruction stream (CodeVersion::code): word 0 of each instruction is the
//   handler address (direct threading) and the operands follow, already
//   decoded (registers encoded as in operand.h, labels as absolute pointers,
//   imports as ExportEntry*, literals as terms in the version's literal area).
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
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
  // Code to run for a call, per code index, or nullptr while the function
  // is not defined (a call then asks the code server to load the module,
  // else undef). Read through CodeServer::address; written only by
  // CodeServer::publish (and set_boot_address before any code runs).
  std::atomic<const Word*> slots[2] = {nullptr, nullptr};
  // Code the VM provides itself (erlang:apply/2,3), set once at boot.
  void set_boot_address(const Word* code) {
    slots[0].store(code, std::memory_order_release);
    slots[1].store(code, std::memory_order_release);
  }
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
  // The code, or nullptr once the version is purged: a call then looks for
  // the same fun (index, uniq) in the module's current version, loading the
  // module if need be, as OTP does (CodeServer::resolve_purged_fun).
  // Relaxed loads suffice: see the reclamation invariant above.
  std::atomic<const Word*> address{nullptr};
  CodeVersion* version = nullptr;
  // The address while a purge of its version is prepared (address null
  // meanwhile): put back if the purge is abandoned.
  const Word* address_before_purge = nullptr;
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
  // The [begin, end) word ranges in use, one per chunk.
  std::vector<std::pair<const Word*, const Word*>> ranges() const;
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
  std::array<std::uint8_t, 16> md5{};  // module_info(md5): MD5 of the module file's body
  std::vector<Word> code;
  std::vector<FunctionRange> functions;  // sorted by begin
  std::vector<LineEntry> lines;          // sorted by offset
  std::vector<std::unique_ptr<FunEntry>> funs;
  std::vector<std::pair<Term, unsigned>> exports;  // (name, arity) for module_info
  std::vector<const Word*> export_code;            // entry of exports[i] in `code`
  std::vector<Term> attributes;                    // {Name, Value} terms for module_info
  // A pointer so a purged version can leave it behind (see kept literals).
  std::unique_ptr<LiteralArea> literals = std::make_unique<LiteralArea>();
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
  // Readers on any thread (within a slice: see reclamation above) load
  // these with acquire; the code server stores them under its mutex, after
  // the version is complete.
  CodeVersion* current() const { return current_.load(std::memory_order_acquire); }
  CodeVersion* old() const { return old_.load(std::memory_order_acquire); }
  std::int64_t loaded_at_ns = 0;  // system time the current version was installed

 private:
  friend class CodeServer;
  std::atomic<CodeVersion*> current_{nullptr};
  std::atomic<CodeVersion*> old_{nullptr};
  std::unique_ptr<CodeVersion> current_owned_;  // what current_ points at
  std::unique_ptr<CodeVersion> old_owned_;
};

// Loads a module by name on demand (set by whoever assembles the VM: the
// loader library provides one that searches the code path and the embedded
// stdlib). Returns false with a message in `error` if it cannot.
using ModuleLoader = std::function<bool(VM& vm, Term module, std::string& error)>;
// Loads module file bytes (erlang:load_module/2): verify, translate,
// install. The result names the module loaded; `error` holds OTP's reason
// atom text (badfile, not_purged) then a colon and the details.
using BinaryLoader =
    std::function<bool(VM& vm, Term expected_module, std::span<const std::uint8_t> bytes, std::string& error)>;
// Prepares a module binary without installing it (nullptr with OTP's reason
// text in `error`, as BinaryLoader): for girder:load_binaries/1.
using BinaryPreparer = std::function<std::unique_ptr<CodeVersion>(VM& vm, Term expected_module,
                                                                  std::span<const std::uint8_t> bytes,
                                                                  std::string& error)>;

// compile:file/2 at run time: the compiler is above the VM in the
// dependency graph, so the runtime lends it through this hook.
struct CompileRequest {
  std::string path;
  std::vector<std::string> include_dirs;
  std::vector<std::pair<std::string, std::string>> defines;  // Name, value text ("" for none)
};
struct CompileMessage {
  std::string file;
  std::uint32_t line = 0, col = 0;
  std::string text;
};
using SourceCompiler = std::function<bool(const CompileRequest& request, std::vector<std::uint8_t>& module_bytes,
                                          std::string& module, std::vector<CompileMessage>& errors)>;

// file:consult and io:read at run time: the compiler's scanner and parser
// read one term's text (girder:parse_term/2), lent by the runtime like the
// compiler. Ok: `etf` is the term with the 131 byte. Eof: no tokens.
// Error: at `line`, either erl_parse's "syntax error before: " + `token`
// (syntax_before) or `text` ("bad term", or a scanner message when
// `scan_error`; then `token` is the raw text after the quote of an
// unterminated string or quoted atom).
struct TermReadResult {
  enum class Status { Ok, Eof, Error } status = Status::Eof;
  std::vector<std::uint8_t> etf;
  std::uint32_t line = 0;
  bool scan_error = false;
  bool syntax_before = false;
  std::string token;
  std::string text;
};
using TermReader = std::function<TermReadResult(std::string_view utf8, std::uint32_t first_line)>;

class CodeServer {
 public:
  explicit CodeServer(VM& vm);

  // The export entry for M:F/A, created (undefined) on first request.
  // Thread-safe; the pointer stays valid for the VM's lifetime.
  ExportEntry* export_entry(Term module, Term function, unsigned arity);
  // Existing entry or nullptr.
  ExportEntry* find_export(Term module, Term function, unsigned arity) const;

  Module* find_module(Term name);
  // Make `version` current: the previous current becomes old (an existing old
  // version must have been purged first: returns false otherwise). Its
  // export entries change in one publication (see the invariants above).
  bool install(std::unique_ptr<CodeVersion> version);
  // Several modules in one publication: all become current at one instant,
  // or none when any of them still has old code (`error` names it). Each
  // version must be complete (verified, laid out, translated).
  bool install_all(std::vector<std::unique_ptr<CodeVersion>>& versions, std::string& error);
  // The old version becomes current again and the current one old (the
  // undo of a load whose upgrade failed, girder:revert_module/1). False
  // unless the module has both.
  bool revert(Term module);
  // Where a remote call through `e` goes now (nullptr: undefined).
  const Word* address(const ExportEntry* e) const {
    return e->slots[code_index_.load(std::memory_order_acquire)].load(std::memory_order_acquire);
  }
  // For native code that reads the index itself.
  const std::atomic<unsigned>* code_index_word() const { return &code_index_; }
  // Retire the old version of a module (erlang:purge_module/1; the caller
  // has made sure no process runs it). False if there is none.
  bool purge(Term module);
  // erlang:delete_module/1: the current version becomes old and the
  // module's exports undefined. False if it has old code already or is not
  // loaded.
  bool delete_module(Term module);
  // Free what every worker has moved past (cheap when nothing is retired).
  void reclaim();
  bool has_retired() const { return retired_count_.load(std::memory_order_relaxed) != 0; }
  // The code epoch workers publish at each slice start.
  std::uint64_t epoch() const { return epoch_.load(std::memory_order_acquire); }
  // Versions retired and not freed yet (tests, `girder modules`).
  std::size_t retired_count() const { return retired_count_.load(std::memory_order_relaxed); }

  std::size_t kept_literal_areas() const;

  void set_loader(ModuleLoader loader) { loader_ = std::move(loader); }
  void set_binary_loader(BinaryLoader loader) { binary_loader_ = std::move(loader); }
  // Decodes and verifies a module binary without installing it (same
  // signature as the loader): the first phase of an all-or-nothing load of
  // several modules (girder_control).
  void set_binary_checker(BinaryLoader checker) { binary_checker_ = std::move(checker); }
  const BinaryLoader& binary_checker() const { return binary_checker_; }
  void set_binary_preparer(BinaryPreparer preparer) { binary_preparer_ = std::move(preparer); }
  const BinaryPreparer& binary_preparer() const { return binary_preparer_; }
  // Loads a module from the code path even when it is loaded (the loader
  // above skips those): code:load_file/1.
  void set_path_reloader(ModuleLoader loader) { path_reloader_ = std::move(loader); }
  bool reload(Term module, std::string& error);
  void set_compiler(SourceCompiler compiler) { compiler_ = std::move(compiler); }
  const SourceCompiler& compiler() const { return compiler_; }
  void set_term_reader(TermReader reader) { term_reader_ = std::move(reader); }
  const TermReader& term_reader() const { return term_reader_; }
  const BinaryLoader& binary_loader() const { return binary_loader_; }

  // The code path (code:get_path/0, add_path...): starts as VMOptions'.
  std::vector<std::string> code_path() const;
  void set_code_path(std::vector<std::string> path);

  // The purge token (docs/internals/hot_loading.md, "Purging in phases"):
  // one purge at a time, held by a process from girder:purge_begin/1 to
  // purge_end/2 (or for one erlang:purge_module/1 call). Only its holder
  // drops kept literal areas, so the positions literal_areas() gives stay
  // valid for it while reclaim() appends. A holder that died is replaced:
  // `alive` says whether a process id still runs.
  enum class TokenResult { Taken, Busy };
  TokenResult take_purge_token(Word pid, const std::function<bool(Word)>& alive);
  void release_purge_token(Word pid);
  bool holds_purge_token(Word pid) const;
  // The holder's literal sweep, carried through a chunked scan: `used`
  // marks the areas of literal_areas() (first `used.size()`) some process
  // refers to; `complete` once every process was scanned.
  struct Sweep {
    std::vector<bool> used;
    bool complete = false;
  };
  Sweep& sweep() { return sweep_; }  // the token holder's only
  // Purging in phases: make the old version's funs unreachable (a call of
  // one finds the same fun in the current version, as after the purge), so
  // once a scan found no process in the old code none can enter it; or
  // undo that when the purge is abandoned (soft_purge found users).
  void prepare_purge(Term module);
  void abort_purge(Term module);
  // The kept literal areas, for the purge token's holder: stable until it
  // calls drop_literal_areas.
  std::vector<const LiteralArea*> literal_areas() const;
  // Free the kept areas not marked in `used` (same order as literal_areas()).
  void drop_literal_areas(const std::vector<bool>& used);
  // Load a module through the loader unless it is loaded already.
  bool ensure_loaded(Term module, std::string& error);

  // A purged fun's code in the current version of its module (loaded on
  // demand), or nullptr (the caller raises badfun).
  const Word* resolve_purged_fun(const FunEntry& fe);

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
  BinaryLoader binary_loader_;
  BinaryLoader binary_checker_;
  BinaryPreparer binary_preparer_;
  ModuleLoader path_reloader_;
  SourceCompiler compiler_;
  TermReader term_reader_;
  std::vector<std::string> code_path_;  // under mutex_
  mutable std::mutex token_mutex_;
  Word purge_owner_ = 0;  // under token_mutex_; 0: free
  Sweep sweep_;
  // Reclamation (see the invariants at the top).
  struct Retired {
    std::unique_ptr<CodeVersion> version;
    std::uint64_t epoch;  // free once every worker has passed it
  };
  std::atomic<std::uint64_t> epoch_{1};
  // Publication (see the invariants at the top): the active slot of every
  // ExportEntry, and the code epoch of the last flip.
  std::atomic<unsigned> code_index_{0};
  std::atomic<std::uint64_t> last_flip_epoch_{0};  // written under mutex_
  // Before a publication, outside mutex_: see code.cpp.
  void await_flip_readers();
  using EntryChange = std::pair<ExportEntry*, const Word*>;
  // Under mutex_: apply `changes` at one instant.
  void publish(const std::vector<EntryChange>& changes);
  // Under mutex_: the entry changes that make `next` (or nothing, nullptr)
  // module `name`'s exported code in place of what is there now.
  void changes_for(Term name, const CodeVersion* next, std::vector<EntryChange>& changes);
  std::vector<Retired> retired_;                        // under mutex_
  std::atomic<std::size_t> retired_count_{0};           // retired_.size()
  std::vector<std::unique_ptr<LiteralArea>> kept_literals_;  // under mutex_
  std::vector<std::unique_ptr<FunEntry>> orphan_funs_;  // under mutex_; live as long as the VM
};

}  // namespace girder::vm
