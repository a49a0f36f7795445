#include "vm/exec/code.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>
#include <cstdlib>

#include "vm/proc/scheduler.h"
#include "vm/vm.h"

namespace girder::vm {

Word* LiteralArea::alloc(Word words) {
  if (chunks_.empty() || chunks_.back().capacity - chunks_.back().used < words) {
    Word capacity = std::max<Word>(words, 1024);
    chunks_.push_back(Chunk{std::make_unique<Word[]>(capacity), 0, capacity});
  }
  Chunk& c = chunks_.back();
  Word* p = c.words.get() + c.used;
  c.used += words;
  return p;
}

bool LiteralArea::contains(const Word* p) const {
  for (const Chunk& c : chunks_) {
    if (p >= c.words.get() && p < c.words.get() + c.used) return true;
  }
  return false;
}

std::vector<std::pair<const Word*, const Word*>> LiteralArea::ranges() const {
  std::vector<std::pair<const Word*, const Word*>> out;
  for (const Chunk& c : chunks_) out.emplace_back(c.words.get(), c.words.get() + c.used);
  return out;
}

LiteralArea::~LiteralArea() {
  for (Word* pb : proc_bins_) {
    release_refc_binary(reinterpret_cast<RefcBinary*>(pb[2]));
  }
}

const FunctionRange* CodeVersion::function_at(const Word* pc) const {
  if (!contains(pc)) return nullptr;
  auto offset = static_cast<std::uint32_t>(pc - code.data());
  auto it = std::upper_bound(functions.begin(), functions.end(), offset,
                             [](std::uint32_t off, const FunctionRange& f) { return off < f.begin; });
  if (it == functions.begin()) return nullptr;
  --it;
  return offset < it->end ? &*it : nullptr;
}

std::uint32_t CodeVersion::line_at(const Word* pc) const {
  if (!contains(pc) || lines.empty()) return 0;
  auto offset = static_cast<std::uint32_t>(pc - code.data());
  auto it = std::upper_bound(lines.begin(), lines.end(), offset,
                             [](std::uint32_t off, const LineEntry& l) { return off < l.offset; });
  if (it == lines.begin()) return 0;
  return std::prev(it)->line;
}

CodeServer::CodeServer(VM& vm) : vm_(vm), code_path_(vm.options().code_path) {}

ExportEntry* CodeServer::export_entry(Term module, Term function, unsigned arity) {
  std::uint64_t k = key(module, function, arity);
  std::atomic<ExportEntry*>& slot = export_cache_[cache_slot(k)];
  // Acquire: pairs with the release store below (the entry's fields).
  ExportEntry* cached = slot.load(std::memory_order_acquire);
  if (cached != nullptr && cached->module == module && cached->function == function && cached->arity == arity) {
    return cached;
  }
  std::lock_guard lock(mutex_);
  auto& bucket = exports_[k];
  ExportEntry* found = nullptr;
  for (auto& e : bucket) {
    if (e->module == module && e->function == function && e->arity == arity) {
      found = e.get();
      break;
    }
  }
  if (found == nullptr) {
    auto e = std::make_unique<ExportEntry>();
    e->module = module;
    e->function = function;
    e->arity = arity;
    bucket.push_back(std::move(e));
    found = bucket.back().get();
  }
  slot.store(found, std::memory_order_release);
  return found;
}

ExportEntry* CodeServer::find_export(Term module, Term function, unsigned arity) const {
  std::lock_guard lock(mutex_);
  auto it = exports_.find(key(module, function, arity));
  if (it == exports_.end()) return nullptr;
  for (auto& e : it->second) {
    if (e->module == module && e->function == function && e->arity == arity) return e.get();
  }
  return nullptr;
}

Module* CodeServer::find_module(Term name) {
  std::lock_guard lock(mutex_);
  auto it = modules_.find(name.raw());
  return it == modules_.end() ? nullptr : it->second.get();
}

void CodeServer::changes_for(Term name, const CodeVersion* next, std::vector<EntryChange>& changes) {
  std::vector<ExportEntry*> published;
  if (next != nullptr) {
    published.reserve(next->exports.size());
    for (std::size_t i = 0; i < next->exports.size(); ++i) {
      ExportEntry* e = export_entry(name, next->exports[i].first, next->exports[i].second);
      changes.emplace_back(e, next->export_code[i]);
      published.push_back(e);
    }
  }
  std::sort(published.begin(), published.end());
  unsigned active = code_index_.load(std::memory_order_relaxed);
  for (auto& [key_, bucket] : exports_) {
    for (auto& e : bucket) {
      if (e->module != name || e->slots[active].load(std::memory_order_relaxed) == nullptr) continue;
      if (!std::binary_search(published.begin(), published.end(), e.get())) changes.emplace_back(e.get(), nullptr);
    }
  }
}

void CodeServer::publish(const std::vector<EntryChange>& changes) {
  // Only publishers (under mutex_) change the index: relaxed is enough here.
  unsigned active = code_index_.load(std::memory_order_relaxed);
  unsigned staging = active ^ 1;
  for (const auto& [e, code] : changes) e->slots[staging].store(code, std::memory_order_release);
  // The instant of the publication: a reader that acquires the new index
  // sees every staging store above.
  code_index_.store(staging, std::memory_order_release);
  // seq_cst after the flip: a worker whose slice starts at this epoch or
  // later reads the new index (see await_flip_readers).
  last_flip_epoch_.store(epoch_.fetch_add(1, std::memory_order_seq_cst) + 1, std::memory_order_relaxed);
  // Level the other slots. A reader that loaded the old index before the
  // flip may see these: new code, which is what a call after the flip gets.
  for (const auto& [e, code] : changes) e->slots[active].store(code, std::memory_order_release);
}

void CodeServer::await_flip_readers() {
  // The staging slots of the next publication are the slots readers used
  // before the last flip. A reader between its index load and its slot load
  // from before that flip would see the next publication's code before its
  // flip, and then older code on its next call. Every worker starts a slice
  // soon, and a reader's two loads are adjacent, so this rarely waits; it is
  // bounded because a worker may be blocked, mid-slice, on a lock the
  // publisher holds (the code-path loader's): then the window it closes is
  // two instructions wide on a blocked thread, and publishing anyway is safe.
  std::uint64_t flip = last_flip_epoch_.load(std::memory_order_relaxed);
  if (flip == 0) return;
  auto give_up = std::chrono::steady_clock::now() + std::chrono::milliseconds(20);
  while (!vm_.scheduler().code_epochs_passed(flip, true)) {
    if (std::chrono::steady_clock::now() >= give_up) return;
    std::this_thread::yield();
  }
}

bool CodeServer::install(std::unique_ptr<CodeVersion> version) {
  std::vector<std::unique_ptr<CodeVersion>> one;
  one.push_back(std::move(version));
  std::string error;
  return install_all(one, error);
}

bool CodeServer::install_all(std::vector<std::unique_ptr<CodeVersion>>& versions, std::string& error) {
  // Waited for outside mutex_: a worker mid-slice may need mutex_ to finish
  // its slice (stack traces, export entries).
  await_flip_readers();
  std::lock_guard lock(mutex_);
  for (const auto& v : versions) {
    auto it = modules_.find(v->module.raw());
    if (it != modules_.end() && it->second->old_owned_) {
      error = std::string(vm_.atoms().name(v->module));  // must purge first
      return false;
    }
  }
  std::vector<EntryChange> changes;
  for (const auto& v : versions) changes_for(v->module, v.get(), changes);
  publish(changes);
  std::int64_t now = vm_.system_ns();
  for (auto& v : versions) {
    auto& slot = modules_[v->module.raw()];
    if (!slot) {
      slot = std::make_unique<Module>();
      slot->name = v->module;
    }
    slot->old_owned_ = std::move(slot->current_owned_);
    slot->current_owned_ = std::move(v);
    slot->old_.store(slot->old_owned_.get(), std::memory_order_release);
    slot->current_.store(slot->current_owned_.get(), std::memory_order_release);
    slot->loaded_at_ns = now;
  }
  versions.clear();
  return true;
}

bool CodeServer::revert(Term module) {
  await_flip_readers();
  std::lock_guard lock(mutex_);
  auto it = modules_.find(module.raw());
  if (it == modules_.end() || !it->second->old_owned_ || !it->second->current_owned_) return false;
  Module& m = *it->second;
  std::vector<EntryChange> changes;
  changes_for(module, m.old_owned_.get(), changes);
  publish(changes);
  std::swap(m.old_owned_, m.current_owned_);
  m.old_.store(m.old_owned_.get(), std::memory_order_release);
  m.current_.store(m.current_owned_.get(), std::memory_order_release);
  return true;
}

bool CodeServer::purge(Term module) {
  {
    std::lock_guard lock(mutex_);
    auto it = modules_.find(module.raw());
    if (it == modules_.end() || !it->second->old_owned_) return false;
    Module& m = *it->second;
    std::unique_ptr<CodeVersion> old = std::move(m.old_owned_);
    m.old_.store(nullptr, std::memory_order_release);
    // Fun terms may outlive the version (in ETS, in messages): their entries
    // stay, pointing at the VM's code that raises badfun.
    for (auto& fe : old->funs) {
      fe->address.store(nullptr, std::memory_order_relaxed);
      fe->version = nullptr;
      orphan_funs_.push_back(std::move(fe));
    }
    old->funs.clear();
    // seq_cst: the new epoch is ordered after every store above, so a worker
    // that starts a slice at this epoch or later cannot reach the version.
    std::uint64_t at = epoch_.fetch_add(1, std::memory_order_seq_cst) + 1;
    retired_.push_back(Retired{std::move(old), at});
    retired_count_.store(retired_.size(), std::memory_order_relaxed);
  }
  reclaim();
  return true;
}

bool CodeServer::delete_module(Term module) {
  await_flip_readers();
  std::lock_guard lock(mutex_);
  auto it = modules_.find(module.raw());
  if (it == modules_.end() || !it->second->current_owned_ || it->second->old_owned_) return false;
  Module& m = *it->second;
  std::vector<EntryChange> changes;
  changes_for(module, nullptr, changes);
  publish(changes);
  m.old_owned_ = std::move(m.current_owned_);
  m.old_.store(m.old_owned_.get(), std::memory_order_release);
  m.current_.store(nullptr, std::memory_order_release);
  return true;
}

void CodeServer::reclaim() {
  if (!has_retired()) return;
  std::vector<std::unique_ptr<CodeVersion>> done;
  {
    std::lock_guard lock(mutex_);
    std::erase_if(retired_, [&](Retired& r) {
      // The calling thread is not waited for: it is either between slices
      // or in a BIF (a purge) of a process whose frames were checked, and
      // its own earlier loads of code addresses are behind it in program
      // order. Without this, a purger's whole slice (hundreds of reloads)
      // kept every version it retired.
      if (!vm_.scheduler().code_epochs_passed(r.epoch, true)) return false;
      // The literals go with the code unless a heap may still point into
      // them: that is for sweep_literal_areas to find out.
      kept_literals_.push_back(std::move(r.version->literals));
      done.push_back(std::move(r.version));
      return true;
    });
    retired_count_.store(retired_.size(), std::memory_order_relaxed);
  }
  // Freed outside the lock: native code release may take the backend's lock.
  done.clear();
}

CodeServer::TokenResult CodeServer::take_purge_token(Word pid, const std::function<bool(Word)>& alive) {
  std::lock_guard lock(token_mutex_);
  if (purge_owner_ != 0 && purge_owner_ != pid && alive(purge_owner_)) return TokenResult::Busy;
  purge_owner_ = pid;
  sweep_ = Sweep{};
  return TokenResult::Taken;
}

void CodeServer::release_purge_token(Word pid) {
  std::lock_guard lock(token_mutex_);
  if (purge_owner_ == pid) purge_owner_ = 0;
}

bool CodeServer::holds_purge_token(Word pid) const {
  std::lock_guard lock(token_mutex_);
  return purge_owner_ == pid;
}

void CodeServer::prepare_purge(Term module) {
  std::lock_guard lock(mutex_);
  auto it = modules_.find(module.raw());
  if (it == modules_.end() || !it->second->old_owned_) return;
  for (auto& fe : it->second->old_owned_->funs) {
    const Word* a = fe->address.exchange(nullptr, std::memory_order_relaxed);
    if (a != nullptr) fe->address_before_purge = a;
  }
}

void CodeServer::abort_purge(Term module) {
  std::lock_guard lock(mutex_);
  auto it = modules_.find(module.raw());
  if (it == modules_.end() || !it->second->old_owned_) return;
  for (auto& fe : it->second->old_owned_->funs) {
    if (fe->address_before_purge != nullptr) fe->address.store(fe->address_before_purge, std::memory_order_relaxed);
    fe->address_before_purge = nullptr;
  }
}

std::vector<const LiteralArea*> CodeServer::literal_areas() const {
  std::lock_guard lock(mutex_);
  std::vector<const LiteralArea*> out;
  for (const auto& area : kept_literals_) out.push_back(area.get());
  return out;
}

void CodeServer::drop_literal_areas(const std::vector<bool>& used) {
  std::vector<std::unique_ptr<LiteralArea>> dropped;
  {
    std::lock_guard lock(mutex_);
    // Areas reclaim() added since literal_areas() was taken sit after
    // used.size() and are kept.
    std::vector<std::unique_ptr<LiteralArea>> keep;
    for (std::size_t i = 0; i < kept_literals_.size(); ++i) {
      if (i < used.size() && !used[i]) {
        dropped.push_back(std::move(kept_literals_[i]));
      } else {
        keep.push_back(std::move(kept_literals_[i]));
      }
    }
    kept_literals_ = std::move(keep);
  }
}

std::vector<std::string> CodeServer::code_path() const {
  std::lock_guard lock(mutex_);
  return code_path_;
}

void CodeServer::set_code_path(std::vector<std::string> path) {
  std::lock_guard lock(mutex_);
  code_path_ = std::move(path);
}

std::size_t CodeServer::kept_literal_areas() const {
  std::lock_guard lock(mutex_);
  return kept_literals_.size();
}

bool CodeServer::ensure_loaded(Term module, std::string& error) {
  {
    std::lock_guard lock(mutex_);
    auto it = modules_.find(module.raw());
    if (it != modules_.end() && it->second->current_owned_) return true;
  }
  if (!loader_) {
    error = "no module loader";
    return false;
  }
  return loader_(vm_, module, error);
}

bool CodeServer::reload(Term module, std::string& error) {
  if (!path_reloader_) {
    error = "no module loader";
    return false;
  }
  return path_reloader_(vm_, module, error);
}

const Word* CodeServer::resolve_purged_fun(const FunEntry& fe) {
  std::string error;
  if (!ensure_loaded(fe.module, error)) return nullptr;
  std::lock_guard lock(mutex_);
  auto it = modules_.find(fe.module.raw());
  if (it == modules_.end() || !it->second->current_owned_) return nullptr;
  for (const auto& candidate : it->second->current_owned_->funs) {
    if (candidate->index == fe.index && candidate->uniq == fe.uniq && candidate->arity == fe.arity &&
        candidate->num_free == fe.num_free) {
      return candidate->address.load(std::memory_order_relaxed);
    }
  }
  return nullptr;
}

const CodeVersion* CodeServer::version_of(const Word* pc) const {
  std::lock_guard lock(mutex_);
  for (const auto& [name, m] : modules_) {
    if (m->current_owned_ && m->current_owned_->contains(pc)) return m->current_owned_.get();
    if (m->old_owned_ && m->old_owned_->contains(pc)) return m->old_owned_.get();
  }
  return nullptr;
}

std::vector<Term> CodeServer::loaded_modules() const {
  std::lock_guard lock(mutex_);
  std::vector<Term> out;
  for (const auto& [name, m] : modules_) {
    if (m->current_owned_) out.push_back(m->name);
  }
  return out;
}

}  // namespace girder::vm
