#include "vm/io/service.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "vm/proc/mailbox.h"
#include "vm/proc/process.h"
#include "vm/proc/signals.h"
#include "vm/vm.h"

namespace girder::vm {

// --- PortTable ---------------------------------------------------------------

Word PortTable::insert(std::shared_ptr<Port> port) {
  std::lock_guard lock(lock_);
  Word index = next_index_++;
  port->index_ = index;
  ports_.emplace(index, std::move(port));
  return index;
}

void PortTable::remove(Word index) {
  std::shared_ptr<Port> dropped;  // freed after the lock is released
  std::lock_guard lock(lock_);
  auto it = ports_.find(index);
  if (it == ports_.end()) return;
  dropped = std::move(it->second);
  ports_.erase(it);
}

std::shared_ptr<Port> PortTable::find(Word index) const {
  std::lock_guard lock(lock_);
  auto it = ports_.find(index);
  return it == ports_.end() ? nullptr : it->second;
}

std::size_t PortTable::count() const {
  std::lock_guard lock(lock_);
  return ports_.size();
}

std::vector<Word> PortTable::indexes() const {
  std::vector<Word> out;
  {
    std::lock_guard lock(lock_);
    out.reserve(ports_.size());
    for (const auto& [index, port] : ports_) out.push_back(index);
  }
  std::sort(out.begin(), out.end());
  return out;
}

// --- IoService ---------------------------------------------------------------

IoService::IoService(VM& vm) : vm_(vm) {}

IoService::~IoService() { shutdown(); }

void IoService::ensure_started() {
  if (started_.load(std::memory_order_acquire)) return;
  std::lock_guard lock(start_mutex_);
  if (started_.load(std::memory_order_relaxed)) return;
  if (uv_loop_init(&loop_) != 0 || uv_async_init(&loop_, &async_, &IoService::on_async) != 0) {
    std::fputs("girder: cannot start the I/O loop (libuv)\n", stderr);
    std::abort();
  }
  async_.data = this;
  thread_ = std::thread([this] { thread_main(); });
  started_.store(true, std::memory_order_release);
}

void IoService::post(std::function<void(uv_loop_t*)> fn) {
  ensure_started();
  {
    std::lock_guard lock(queue_mutex_);
    posted_.push_back(std::move(fn));
  }
  uv_async_send(&async_);
}

void IoService::sync(const std::shared_ptr<Port>& port) {
  // One queued sync per port: the loop reads the port's state when it gets
  // there, so later changes ride along with the queued one.
  if (port->sync_queued_.exchange(true, std::memory_order_acq_rel)) return;
  ensure_started();
  {
    std::lock_guard lock(queue_mutex_);
    to_sync_.push_back(port);
  }
  uv_async_send(&async_);
}

void IoService::on_async(uv_async_t* handle) { static_cast<IoService*>(handle->data)->run_posted(); }

void IoService::run_posted() {
  std::vector<std::function<void(uv_loop_t*)>> posted;
  std::vector<std::shared_ptr<Port>> to_sync;
  bool stopping;
  {
    std::lock_guard lock(queue_mutex_);
    posted.swap(posted_);
    to_sync.swap(to_sync_);
    stopping = stopping_;
  }
  for (auto& fn : posted) fn(&loop_);
  for (auto& port : to_sync) {
    port->sync_queued_.store(false, std::memory_order_release);
    port->sync_on_loop();
  }
  if (stopping) {
    // Close every port, then every handle still open (the async handle
    // among them): uv_run returns once their close callbacks have run.
    for (Word index : ports_.indexes()) {
      if (auto port = ports_.find(index)) port->shutdown_on_loop();
    }
    // Copied: shutdown_on_loop may release (erase from held_) at once.
    std::vector<std::shared_ptr<Port>> held = held_;
    for (auto& port : held) port->shutdown_on_loop();
    uv_walk(
        &loop_,
        [](uv_handle_t* h, void*) {
          if (!uv_is_closing(h)) uv_close(h, nullptr);
        },
        nullptr);
  }
}

void IoService::thread_main() {
  uv_run(&loop_, UV_RUN_DEFAULT);
  // Ports whose handles could not finish closing are dropped with the loop.
  uv_loop_close(&loop_);
}

void IoService::shutdown() {
  if (!started_.load(std::memory_order_acquire)) return;
  {
    std::lock_guard lock(queue_mutex_);
    if (stopping_) return;
    stopping_ = true;
  }
  uv_async_send(&async_);
  if (thread_.joinable()) thread_.join();
}

Term IoService::open_port(Process& owner, std::shared_ptr<Port> port) {
  {
    std::lock_guard lock(port->mutex_);
    port->owner_ = owner.id();
  }
  Word index = ports_.insert(port);
  owner.relations().port_links.push_back(index);
  return Term::port(index);
}

std::shared_ptr<Port> IoService::find(Term port) const {
  if (!port.is_port()) return nullptr;
  return ports_.find(port.port_index());
}

void IoService::port_closed(Word index) { ports_.remove(index); }

void IoService::hold(std::shared_ptr<Port> port) { held_.push_back(std::move(port)); }

void IoService::release(const Port* port) {
  std::erase_if(held_, [port](const std::shared_ptr<Port>& p) { return p.get() == port; });
}

void IoService::deliver(Word pid, Signal* s) {
  if (!post_signal(vm_, pid, s, -1)) free_signal(s);
}

void IoService::process_exited(Word pid, const std::vector<Word>& port_links, Term reason) {
  for (Word index : port_links) {
    if (auto port = ports_.find(index)) port->linked_exited(pid, reason);
  }
}

bool IoService::may_wake() const { return ports_.count() != 0 || requests_.load(std::memory_order_relaxed) != 0; }

}  // namespace girder::vm
