#include "vm/io/port.h"

#include "vm/io/service.h"
#include "vm/vm.h"

namespace girder::vm {

std::vector<Word> Port::linked_pids() const {
  // A socket's one link is its owner.
  if (owner_ == 0) return {};
  return {owner_};
}

void send_to_port(Process& sender, Term port, Term message) {
  if (auto target = sender.vm().io().find(port)) target->message(sender, message);
}

}  // namespace girder::vm
