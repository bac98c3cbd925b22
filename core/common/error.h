#pragma once
// One exception type for everything the user can cause (bad files, bad options).
// Messages name the file and the problem; the CLI/GUI boundary shows them as they are.
#include <stdexcept>
#include <string>

namespace msma {

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A reader's "this file is not my format" (an archive without CIFAR-10 batches, say), so a
// caller can try the next reader without matching message text; still an Error for the user.
class WrongFormat : public Error {
 public:
  using Error::Error;
};

// The message of any exception as the user sees it: LibTorch's without its C++ backtrace
// (the CLI and MSMA Studio both show this).
std::string error_text(const std::exception& e);

// Raised when a CancelToken stops long work; not an error for the user.
class Cancelled : public std::runtime_error {
 public:
  Cancelled() : std::runtime_error("cancelled") {}
};

}  // namespace msma
