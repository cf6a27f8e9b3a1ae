#include "call_args.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "syncwasm/node/encoding.h"

namespace syncwasm::cli {

void add_args_options(CLI::App* command, ArgsOptions& options) {
  options.text_option =
      command->add_option("ARGS", options.text,
                          "The input, as JSON (passed byte for byte as given); none: empty input");
  options.file_option =
      command
          ->add_option("--args-file", options.file, "Read the input bytes from a file (any bytes)")
          ->type_name("FILE");
  options.base64_option =
      command->add_option("--args-base64", options.base64, "The input bytes in base64 (any bytes)")
          ->type_name("B");
}

std::string read_args(const ArgsOptions& options, const runtime::RuntimeConfig& config) {
  const int sources = (options.text_option->count() > 0) + (options.file_option->count() > 0) +
                      (options.base64_option->count() > 0);
  if (sources > 1) fail(kExitUsage, "give the input once: ARGS, --args-file or --args-base64");
  std::string bytes;
  if (options.text_option->count() > 0) {
    bytes = options.text;
    try {
      const nlohmann::json parsed = nlohmann::json::parse(bytes);
    } catch (const nlohmann::json::parse_error& e) {
      fail(kExitUsage, "ARGS is not valid JSON (byte " + std::to_string(e.byte) +
                           "); use --args-base64 or --args-file to pass other bytes");
    }
  } else if (options.file_option->count() > 0) {
    std::ifstream in(options.file, std::ios::binary);
    if (!in) fail(kExitUnreadable, "cannot read " + options.file + ": " + std::strerror(errno));
    bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    if (in.bad()) fail(kExitUnreadable, "cannot read " + options.file);
  } else if (options.base64_option->count() > 0) {
    auto decoded = node::base64_decode(options.base64);
    if (!decoded) fail(kExitUsage, "--args-base64 is not valid base64 (standard alphabet, padded)");
    bytes = std::move(*decoded);
  }
  if (bytes.size() > config.limits.max_arguments_length) {
    fail(kExitUsage, "the input is " + std::to_string(bytes.size()) + " bytes, over the limit of " +
                         std::to_string(config.limits.max_arguments_length) +
                         " (max_arguments_length)");
  }
  return bytes;
}

}  // namespace syncwasm::cli
