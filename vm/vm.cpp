#include "vm/vm.h"

#include <unistd.h>

#include "vm/bif/registry.h"
#include "vm/ets/ets.h"
#include "vm/io/file.h"
#include "vm/io/service.h"
#include "vm/exec/backend.h"
#include "vm/exec/code.h"
#include "vm/exec/interp.h"
#include "vm/proc/process_table.h"
#include "vm/proc/scheduler.h"
#include "vm/proc/timer.h"
#include "vm/proc/waiter.h"

namespace girder::vm {

namespace {
void write_fd(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n <= 0) return;
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
}
}  // namespace

VM::VM(VMOptions options)
    : options_(std::move(options)),
      code_(std::make_unique<CodeServer>(*this)),
      bifs_(std::make_unique<BifTable>(atoms_)),
      ets_(std::make_unique<ets::Registry>(*this)),
      processes_(std::make_unique<ProcessTable>()),
      waiters_(std::make_unique<WaiterRegistry>(*this)),
      scheduler_(std::make_unique<Scheduler>(*this)),
      timers_(std::make_unique<TimerService>(*this)),
      io_(std::make_unique<IoService>(*this)),
      files_(std::make_unique<FileService>(*this)),
      start_(std::chrono::steady_clock::now()) {
  heap_totals_.limit_words = options_.vm_heap_limit_words;
  heap_totals_.allocate = options_.heap_allocate;
  heap_totals_.release = options_.heap_release;
  heap_totals_.userdata = options_.heap_allocator_userdata;
  const void* const* handlers = dispatch_table();
  boot_code_[0] = reinterpret_cast<Word>(handlers[static_cast<int>(Opcode::apply_fun_list_only)]);
  boot_code_[1] = reinterpret_cast<Word>(handlers[static_cast<int>(Opcode::apply_list_only)]);
  boot_code_[2] = boot_code_[1];
  boot_code_[3] = reinterpret_cast<Word>(handlers[static_cast<int>(Opcode::wait)]);
  boot_code_[4] = reinterpret_cast<Word>(&boot_code_[3]);
  scheduler_->add_wake_source(timers_.get());
  scheduler_->add_wake_source(io_.get());
}

bool VM::set_backend(std::unique_ptr<CodeBackend> backend, std::string& error) {
  if (!backend->translate(boot_code_, std::size(boot_code_), boot_native_, error)) return false;
  backend_ = std::move(backend);
  return true;
}

VM::~VM() {
  // Workers first: they run processes that use everything else.
  scheduler_->stop();
  scheduler_->remove_wake_source(timers_.get());
  scheduler_->remove_wake_source(io_.get());
  files_->shutdown();  // a pending stdin read ends, so the loop can stop
  io_->shutdown();
  timers_->shutdown();
  flush_output();
}

std::int64_t VM::monotonic_ns() const {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - start_).count();
}

std::int64_t VM::system_ns() const {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void VM::write_stdout(std::string_view bytes) {
  std::lock_guard lock(output_mutex_);
  if (options_.write_stdout) {
    options_.write_stdout(bytes);
    return;
  }
  stdout_buffer_.append(bytes);
  if (stdout_buffer_.size() >= 64 * 1024) {
    write_fd(1, stdout_buffer_);
    stdout_buffer_.clear();
  }
  stdout_pending_.store(!stdout_buffer_.empty(), std::memory_order_relaxed);
}

void VM::flush_output_when_idle() {
  if (stdout_pending_.load(std::memory_order_relaxed)) flush_output();
}

void VM::flush_output() {
  std::lock_guard lock(output_mutex_);
  if (!stdout_buffer_.empty()) {
    write_fd(1, stdout_buffer_);
    stdout_buffer_.clear();
  }
  stdout_pending_.store(false, std::memory_order_relaxed);
}

void VM::write_stderr(std::string_view bytes) {
  std::lock_guard lock(output_mutex_);
  if (!stdout_buffer_.empty()) {
    write_fd(1, stdout_buffer_);
    stdout_buffer_.clear();
  }
  if (options_.write_stderr) {
    options_.write_stderr(bytes);
  } else {
    write_fd(2, bytes);
  }
}

}  // namespace girder::vm
