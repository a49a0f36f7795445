// The VM object: everything a running Girder instance owns hangs off it
// (no mutable globals), so several VMs can live in one host process.
//
// vm/ is one library (girder_vm) in subsystem folders, each with a header
// comment on what it owns and may call:
//   term/  tagged terms, atoms, bignums, maps, bitstrings, order, hashes
//   heap/  process heaps, the garbage collector, copying between heaps
//   proc/  processes, mailboxes and signals, the process table, timers, scheduler
//   exec/  the instruction table, interpreter, loaded code, errors, arithmetic
//   bif/   BIFs in C++ and their registry
//   text/  printing, io_lib:format, float text, the external term format
//   ets/   ETS tables: registry, storage, locks, match specifications
//   embed/ the runtime library (girder_runtime, a separate target on top of
//          everything; later the embedding API)
// New subsystems get their own folder beside these (io/ for libuv I/O,
// code/ for the code server).
//
// Invariants: a VM outlives every process, module and scheduler it owns.
// Shared tables (atoms, modules, processes) are internally synchronised; the
// per-process state is owned by whichever scheduler runs the process.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "vm/heap/heap.h"
#include "vm/term/atom.h"
#include "vm/term/term.h"

namespace girder::vm {

class CodeServer;
class BifTable;
class ProcessTable;
class Scheduler;
class TimerService;
class IoService;
class FileService;
class WaiterRegistry;
class CodeBackend;
class Process;
namespace ets {
class Registry;
}

struct VMOptions {
  // Where modules not yet loaded are looked for (.gbc files, then .erl).
  std::vector<std::string> code_path;
  // Sink for standard output / standard error (default: the process's fds).
  std::function<void(std::string_view)> write_stdout;
  std::function<void(std::string_view)> write_stderr;
  // `girder run --control PATH`: the control socket girder_control serves
  // (docs/internals/control.md); empty: none.
  std::string control_path;
  // max_heap_size every process starts with, in words (0: none; spawn_opt
  // and process_flag may set their own).
  Word default_max_heap_words = 0;
  // All process heaps together, in words (0: no limit); the process whose
  // heap growth passes it is killed as max_heap_size kills.
  Word vm_heap_limit_words = 0;
  // Where process heaps get their blocks (embedding: girder_options
  // .allocator); null: malloc and free. Called from any thread.
  void* (*heap_allocate)(void* userdata, std::size_t bytes) = nullptr;
  void (*heap_release)(void* userdata, void* block, std::size_t bytes) = nullptr;
  void* heap_allocator_userdata = nullptr;
};

// What an embedding host adds to a VM (vm/embed/capi.cpp implements it):
// host mailboxes and native functions, reached from Erlang through the
// girder_bif BIFs in bif/host.cpp.
class HostHooks {
 public:
  virtual ~HostHooks() = default;
  // girder_bif:host_mailbox_put/1 in the mailbox process `p`: hand a copy
  // of `message` to the host. False when the mailbox is closed (its
  // process then ends).
  virtual bool mailbox_put(Process& p, Term message) = 0;
  // girder_bif:call_native/2: run native `id` on the argument list `args`.
  // Returns the result, or kNonValue after p.fail().
  virtual Term call_native(Process& p, Word id, Term args) = 0;
};

class VM {
 public:
  explicit VM(VMOptions options = {});
  ~VM();
  VM(const VM&) = delete;
  VM& operator=(const VM&) = delete;

  AtomTable& atoms() { return atoms_; }
  const AtomTable& atoms() const { return atoms_; }
  CodeServer& code() { return *code_; }
  const BifTable& bifs() const { return *bifs_; }
  const VMOptions& options() const { return options_; }
  ProcessTable& processes() { return *processes_; }
  Scheduler& scheduler() { return *scheduler_; }
  TimerService& timers() { return *timers_; }
  // Sockets, ports and the libuv loop (vm/io/io.h).
  IoService& io() { return *io_; }
  // Open files and standard input, on the I/O service (vm/io/file.h).
  FileService& files() { return *files_; }
  WaiterRegistry& waiters() { return *waiters_; }
  // What every process heap holds together (heap.h); limit from options.
  HeapTotals& heap_totals() { return heap_totals_; }
  // ETS tables (vm/ets/ets.h).
  ets::Registry& ets() { return *ets_; }

  // Where a spawned process starts: one instruction that applies x0 to the
  // argument list x1 (a fun) or x0:x1 to the list x2 (module, function).
  const Word* boot_apply_fun() const { return &boot_code_[0]; }
  const Word* boot_apply() const { return &boot_code_[1]; }
  // Where a hibernated process resumes: the same apply as boot_apply(), at
  // its own address so process_info can say {erlang, hibernate, 3}.
  const Word* boot_hibernated() const { return &boot_code_[2]; }
  // Where a host's parked call process waits (Process::host_call): a `wait`
  // that resumes at itself, so a message that wakes it only moves to its
  // queue.
  const Word* boot_host_park() const { return &boot_code_[3]; }

  // The embedding host's hooks, or nullptr (the CLI). Set once, before the
  // scheduler starts; the host owns them and outlives the VM's processes.
  HostHooks* host_hooks() const { return host_hooks_; }
  void set_host_hooks(HostHooks* hooks) { host_hooks_ = hooks; }

  // The native code backend (the JIT), or nullptr to interpret. Set once,
  // before any module is loaded or process runs; the VM owns it.
  CodeBackend* backend() const { return backend_.get(); }
  // Installs `backend` and translates the VM's own boot code with it.
  bool set_backend(std::unique_ptr<CodeBackend> backend, std::string& error);

  // Strictly increasing ids for make_ref/0 and unique_integer/0,1.
  Word next_ref_id() { return ref_counter_.fetch_add(1, std::memory_order_relaxed); }
  std::int64_t next_unique_integer() { return unique_counter_.fetch_add(1, std::memory_order_relaxed); }

  // Nanoseconds since the VM started (erlang:monotonic_time in native units
  // is this plus a fixed negative offset, as on BEAM).
  std::int64_t monotonic_ns() const;
  // Nanoseconds since the Unix epoch.
  std::int64_t system_ns() const;

  // erlang:halt/1: the VM stops running processes and every ProcessWaiter
  // learns the status (the CLI exits with it; a host's VM just ends).
  void request_halt(int status) {
    halt_status_.store(status, std::memory_order_relaxed);
    halt_requested_.store(true, std::memory_order_release);
  }
  bool halt_requested() const { return halt_requested_.load(std::memory_order_acquire); }
  int halt_status() const { return halt_status_.load(std::memory_order_relaxed); }

  // Output is buffered (write(2) per io:format is too slow for print-heavy
  // programs) and flushed when large, before anything goes to stderr, and
  // by flush_output() (the CLI calls it before exiting).
  void write_stdout(std::string_view bytes);
  void flush_output();
  // A scheduler with nothing to run flushes what is buffered, so a server
  // that prints and then waits (for a connection, say) is seen at once.
  void flush_output_when_idle();
  void write_stderr(std::string_view bytes);

 private:
  VMOptions options_;
  // Before anything that owns processes: heaps subtract themselves from it
  // when they die.
  HeapTotals heap_totals_;
  AtomTable atoms_;
  std::unique_ptr<CodeServer> code_;
  std::unique_ptr<BifTable> bifs_;
  std::unique_ptr<ets::Registry> ets_;
  // Destroyed in reverse order: timers (their thread delivers into the
  // table) and the scheduler go before the process table.
  std::unique_ptr<ProcessTable> processes_;
  // Before the scheduler: its workers tell waiters until they are joined.
  std::unique_ptr<WaiterRegistry> waiters_;
  std::unique_ptr<Scheduler> scheduler_;
  std::unique_ptr<TimerService> timers_;
  // After the process table (it delivers into it) and the scheduler.
  std::unique_ptr<IoService> io_;
  // Destroyed before io_, but after IoService::shutdown() (~VM) has run
  // every job to its end: it then only closes the files left open.
  std::unique_ptr<FileService> files_;
  Word boot_code_[5] = {0, 0, 0, 0, 0};
  HostHooks* host_hooks_ = nullptr;
  // Native code owners (boot_native_, CodeVersion::native) keep the backend's
  // code memory alive on their own, so destruction order does not matter.
  std::unique_ptr<CodeBackend> backend_;
  std::shared_ptr<void> boot_native_;
  // Relaxed: callers need uniqueness and per-thread monotonicity only.
  std::atomic<Word> ref_counter_{1};
  std::atomic<std::int64_t> unique_counter_{1};
  std::chrono::steady_clock::time_point start_;
  std::mutex output_mutex_;
  std::string stdout_buffer_;
  std::atomic<bool> stdout_pending_{false};  // stdout_buffer_ is not empty (a hint)
  std::atomic<bool> halt_requested_{false};
  std::atomic<int> halt_status_{0};
};

}  // namespace girder::vm
