#include "outcome_output.h"

#include "json_output.h"
#include "syncwasm/node/encoding.h"
#include "units.h"

namespace syncwasm::cli {
namespace {

using nlohmann::json;

json error_json(const runtime::CallError& error) {
  json out = {{"kind", runtime::call_error_kind_name(error.kind)}, {"message", error.message}};
  if (!error.detail.empty()) out["detail"] = error.detail;
  return out;
}

void add_result(json& out, const std::string& bytes) {
  out["result_base64"] = node::base64_encode(bytes);
  if (node::is_valid_utf8(bytes)) out["result_utf8"] = bytes;
}

std::string result_text(const std::string& bytes) {
  if (bytes.empty()) return "(empty)";
  if (node::is_valid_utf8(bytes)) return bytes;
  return "(base64) " + node::base64_encode(bytes);
}

const char* status_name(bool ok) {
  return ok ? "success" : "failure";
}

std::string root_text(const state::Hash32& root) {
  return state::to_hex(root);
}

}  // namespace

std::string describe_error(const runtime::CallError& error) {
  std::string kind = runtime::call_error_kind_name(error.kind);
  if (!error.detail.empty()) kind += "/" + error.detail;
  return kind + ": " + error.message;
}

void print_call(std::ostream& out, const runtime::TransactionResult& result,
                const node::BlockRecord& block, bool as_json) {
  const bool ok = result.status == runtime::CallStatus::Success;
  const std::string value = ok ? result.value.value_or("") : "";
  runtime::Gas gas = 0;
  std::vector<std::string> logs;
  for (const runtime::ReceiptOutcome& r : result.receipts) {
    gas += r.outcome.gas_burnt;
    logs.insert(logs.end(), r.outcome.logs.begin(), r.outcome.logs.end());
  }
  const bool show_receipts = result.receipts.size() > 1;
  if (as_json) {
    json o = {{"status", status_name(ok)}};
    add_result(o, value);
    o["logs"] = logs;
    o["gas_burnt"] = gas;
    if (show_receipts) {
      json receipts = json::array();
      for (const runtime::ReceiptOutcome& r : result.receipts) {
        json rj = {{"receipt_id", r.receipt_id},
                   {"block_height", r.block_height},
                   {"predecessor_id", r.predecessor_id},
                   {"receiver_id", r.receiver_id},
                   {"status", status_name(r.outcome.ok())},
                   {"gas_burnt", r.outcome.gas_burnt},
                   {"logs", r.outcome.logs}};
        if (r.outcome.return_data)
          rj["result_base64"] = node::base64_encode(*r.outcome.return_data);
        if (r.outcome.error) rj["error"] = error_json(*r.outcome.error);
        receipts.push_back(std::move(rj));
      }
      o["receipts"] = std::move(receipts);
    }
    if (result.error) o["error"] = error_json(*result.error);
    o["block_height"] = block.height;
    o["state_root"] = root_text(block.root);
    out << json_line(o);
    return;
  }
  if (show_receipts) {
    for (const runtime::ReceiptOutcome& r : result.receipts) {
      out << "receipt " << r.receipt_id << " " << r.predecessor_id << " -> " << r.receiver_id
          << " at height " << r.block_height << ": " << status_name(r.outcome.ok()) << ", "
          << format_gas(r.outcome.gas_burnt) << "\n";
      for (const std::string& line : r.outcome.logs) out << "  log: " << line << "\n";
    }
  } else {
    for (const std::string& line : logs) out << "log: " << line << "\n";
  }
  if (ok) out << "result: " << result_text(value) << "\n";
  out << "gas burnt: " << format_gas(gas) << " (" << gas << ")";
  if (show_receipts) out << " in " << result.receipts.size() << " receipts";
  out << "\n";
  out << "block " << block.height;
  if (block.last_height > block.height)
    out << " (heights " << block.height << ".." << block.last_height << ")";
  out << ", state root " << root_text(block.root) << "\n";
}

void print_view(std::ostream& out, const runtime::CallOutcome& outcome, bool as_json) {
  const std::string value = outcome.ok() ? outcome.return_data.value_or("") : "";
  if (as_json) {
    json o = {{"status", status_name(outcome.ok())}};
    add_result(o, value);
    o["logs"] = outcome.logs;
    o["gas_burnt"] = outcome.gas_burnt;
    if (outcome.error) o["error"] = error_json(*outcome.error);
    out << json_line(o);
    return;
  }
  for (const std::string& line : outcome.logs) out << "log: " << line << "\n";
  if (outcome.ok()) out << "result: " << result_text(value) << "\n";
  out << "gas burnt: " << format_gas(outcome.gas_burnt) << " (" << outcome.gas_burnt << ")\n";
}

}  // namespace syncwasm::cli
