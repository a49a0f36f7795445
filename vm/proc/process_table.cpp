#include "vm/proc/process_table.h"

#include <algorithm>
#include <utility>

#include "vm/proc/process.h"

namespace girder::vm {

// Robin Hood probing: an entry never sits further from its home slot than
// an entry it passed over, so a lookup stops at the first entry closer to
// home than the probe, and a deletion shifts back only the run that follows
// (with increasing pids nearly every entry sits at home and nothing moves).
Process* ProcessTable::PidMap::find(Word id) const {
  if (slots_.empty()) return nullptr;
  std::size_t mask = slots_.size() - 1;
  for (std::size_t i = home(id), dist = 0;; i = (i + 1) & mask, ++dist) {
    const Slot& s = slots_[i];
    if (s.id == id) return s.process;
    if (s.id == kEmpty || ((i - home(s.id)) & mask) < dist) return nullptr;
  }
}

void ProcessTable::PidMap::insert(Word id, Process* p) {
  // At most half full, so probe runs stay short.
  if ((size_ + 1) * 2 > slots_.size()) resize(slots_.empty() ? 16 : slots_.size() * 2);
  std::size_t mask = slots_.size() - 1;
  Slot carry{id, p};
  for (std::size_t i = home(id), dist = 0;; i = (i + 1) & mask, ++dist) {
    Slot& s = slots_[i];
    if (s.id == kEmpty) {
      s = carry;
      break;
    }
    std::size_t theirs = (i - home(s.id)) & mask;
    if (theirs < dist) {
      std::swap(carry, s);
      dist = theirs;
    }
  }
  ++size_;
}

bool ProcessTable::PidMap::erase(Word id) {
  if (slots_.empty()) return false;
  std::size_t mask = slots_.size() - 1;
  std::size_t i = home(id);
  for (std::size_t dist = 0; slots_[i].id != id; i = (i + 1) & mask, ++dist) {
    const Slot& s = slots_[i];
    if (s.id == kEmpty || ((i - home(s.id)) & mask) < dist) return false;
  }
  // Backward shift: pull the following entries that are away from home one
  // slot closer, up to an empty slot or one at its home.
  for (std::size_t j = (i + 1) & mask; slots_[j].id != kEmpty && home(slots_[j].id) != j; j = (j + 1) & mask) {
    slots_[i] = slots_[j];
    i = j;
  }
  slots_[i] = Slot{};
  --size_;
  // Give memory back after a spike of processes.
  if (slots_.size() > 64 && size_ * 8 < slots_.size()) resize(slots_.size() / 4);
  return true;
}

void ProcessTable::PidMap::resize(std::size_t capacity) {
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(capacity, Slot{});
  size_ = 0;
  for (const Slot& s : old) {
    if (s.id != kEmpty) insert(s.id, s.process);
  }
}

ProcessTable::~ProcessTable() {
  // Processes still listed when the VM goes away (the VM halted while they
  // ran or waited): the table's reference is the last one by now.
  for (Shard& s : shards_) {
    s.map.for_each([](Word, Process* p) { release(p); });
    s.map.clear();
  }
}

void ProcessTable::insert(Process* p) {
  Shard& s = shard(p->id());
  std::lock_guard guard(s.lock);
  s.map.insert(p->id(), p);
  count_.fetch_add(1, std::memory_order_relaxed);
}

void ProcessTable::remove(Word id) {
  Shard& s = shard(id);
  std::lock_guard guard(s.lock);
  if (s.map.erase(id) != 0) count_.fetch_sub(1, std::memory_order_relaxed);
}

Process* ProcessTable::acquire(Word id) {
  Shard& s = shard(id);
  std::lock_guard guard(s.lock);
  Process* p = s.map.find(id);
  if (p != nullptr) p->retain();
  return p;
}

void ProcessTable::release(Process* p) {
  if (p != nullptr && p->release_ref()) delete p;
}

bool ProcessTable::alive(Word id) {
  Shard& s = shard(id);
  std::lock_guard guard(s.lock);
  return s.map.find(id) != nullptr;
}

std::vector<Word> ProcessTable::pids() {
  std::vector<Word> out;
  for (Shard& s : shards_) {
    std::lock_guard guard(s.lock);
    s.map.for_each([&out](Word id, Process*) { out.push_back(id); });
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<Word> ProcessTable::pids_after(Word after, std::size_t limit) {
  std::vector<Word> out;
  for (Shard& s : shards_) {
    std::lock_guard guard(s.lock);
    s.map.for_each([&out, after](Word id, Process*) {
      if (id > after) out.push_back(id);
    });
  }
  if (out.size() > limit) {
    std::nth_element(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(limit), out.end());
    out.resize(limit);
  }
  std::sort(out.begin(), out.end());
  return out;
}

bool ProcessTable::register_name(Term name, Word id) {
  std::lock_guard lock(names_mutex_);
  if (names_.count(name.atom_index()) != 0 || name_of_.count(id) != 0) return false;
  names_.emplace(name.atom_index(), id);
  name_of_.emplace(id, name.atom_index());
  return true;
}

bool ProcessTable::unregister_name(Term name) {
  std::lock_guard lock(names_mutex_);
  auto it = names_.find(name.atom_index());
  if (it == names_.end()) return false;
  name_of_.erase(it->second);
  names_.erase(it);
  return true;
}

Word ProcessTable::whereis(Term name) {
  std::lock_guard lock(names_mutex_);
  auto it = names_.find(name.atom_index());
  return it == names_.end() ? 0 : it->second;
}

Term ProcessTable::name_of(Word id) {
  std::lock_guard lock(names_mutex_);
  auto it = name_of_.find(id);
  return it == name_of_.end() ? kNil : Term::atom(it->second);
}

std::vector<Term> ProcessTable::registered() {
  std::lock_guard lock(names_mutex_);
  std::vector<Term> out;
  for (auto& [n, pid] : names_) out.push_back(Term::atom(n));
  return out;
}

}  // namespace girder::vm
