// The host environment as the os BIFs see it (bif/os.cpp), for other BIFs
// that need it (open_port's {env, ...}: a child's environment is the VM's
// with the changes applied).
#pragma once

#include <string>
#include <vector>

namespace girder::vm {

// Every NAME=VALUE of the environment now, read under the lock putenv and
// unsetenv take.
std::vector<std::string> os_environment();

}  // namespace girder::vm
