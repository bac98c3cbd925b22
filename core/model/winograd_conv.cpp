#include "model/winograd_conv.h"

#include <map>
#include <mutex>
#include <tuple>

#include <ATen/autocast_mode.h>
#include <ATen/record_function.h>

#include "common/error.h"
#include "model/score_network.h"

#ifdef MSMA_HAVE_DNNL
#include <oneapi/dnnl/dnnl.hpp>
#endif

namespace msma {

#ifdef MSMA_HAVE_DNNL
namespace {

using dnnl::memory;

const dnnl::engine& cpu_engine() {
  static const dnnl::engine engine(dnnl::engine::kind::cpu, 0);
  return engine;
}

// The kernel for batch n of ic×h×w inputs, oc outputs; throws dnnl::error where oneDNN has none.
dnnl::convolution_forward::primitive_desc winograd_descriptor(int64_t n, int64_t ic, int64_t oc, int64_t h, int64_t w,
                                                               bool bias) {
  const memory::dims src{n, ic, h, w}, weights{oc, ic, 3, 3}, dst{n, oc, h, w};
  const auto f32 = memory::data_type::f32;
  const auto any = memory::format_tag::any;
  const memory::desc src_d(src, f32, any), weights_d(weights, f32, any), dst_d(dst, f32, any);
  const memory::desc bias_d = bias ? memory::desc({oc}, f32, memory::format_tag::x) : memory::desc();
  const dnnl::convolution_forward::desc d(dnnl::prop_kind::forward_inference, dnnl::algorithm::convolution_winograd, src_d,
                                          weights_d, bias_d, dst_d, {1, 1}, {1, 1}, {1, 1});
  return dnnl::convolution_forward::primitive_desc(d, cpu_engine());
}

// Which tensor a transformed copy was made from, and at which in-place write. A tensor made
// under InferenceMode counts no writes: its values themselves are kept and compared.
struct Stamp {
  const void* impl = nullptr;
  const void* data = nullptr;
  int64_t version = 0;
  torch::Tensor values;
  static Stamp of(const torch::Tensor& t) {
    if (t.is_inference()) return {t.unsafeGetTensorImpl(), t.data_ptr(), 0, t.clone()};
    return {t.unsafeGetTensorImpl(), t.data_ptr(), t._version(), {}};
  }
  bool matches(const torch::Tensor& t) const {
    if (impl != t.unsafeGetTensorImpl() || data != t.data_ptr()) return false;
    return t.is_inference() ? values.defined() && torch::equal(values, t) : !values.defined() && version == t._version();
  }
};

bool pads_by_one(const torch::nn::detail::conv_padding_t<2>& padding) {
  const auto* p = c10::get_if<torch::ExpandingArray<2>>(&padding);
  return p && (**p)[0] == 1 && (**p)[1] == 1;
}

}  // namespace

// One batch shape and layout: the kernel, its reorders to and from the blocked layout, and
// the weights transformed into the kernel's layout. The blocked input and output live only
// during a call (LibTorch's allocator, whose freed memory the heap policy keeps for the next):
// kept in every plan, they stayed with the network after scoring (the throughput bench's peak
// RSS 706 -> 832 MB).
struct Plan {
  bool supported = false;
  dnnl::convolution_forward conv;
  memory::desc user_src, user_dst, src, dst;
  memory weights;
  dnnl::reorder to_src, from_dst;
  Stamp weights_from;
};

struct WinogradConv::State {
  std::mutex mutex;
  std::map<std::tuple<int64_t, int64_t, int64_t, bool>, Plan> plans;
};
#else
struct WinogradConv::State {};
#endif

WinogradConv::WinogradConv() : state_(std::make_unique<State>()) {}
WinogradConv::~WinogradConv() = default;

bool winograd_available(int in_channels, int out_channels) {
#ifdef MSMA_HAVE_DNNL
  try {
    winograd_descriptor(1, in_channels, out_channels, 8, 8, true);
    return true;
  } catch (const dnnl::error&) {
    return false;
  }
#else
  (void)in_channels, (void)out_channels;
  return false;
#endif
}

bool scores_by_winograd(const std::string& precision, bool cuda) {
  return cpu_execution().winograd_conv && precision == "fp32" && !cuda && winograd_available();
}

torch::Tensor WinogradConv::forward(torch::nn::Conv2dImpl& conv, const torch::Tensor& x) {
#ifdef MSMA_HAVE_DNNL
  const auto& o = conv.options;
  const auto& weight = conv.weight;
  const bool applies = cpu_execution().winograd_conv && x.is_cpu() && x.dim() == 4 &&
                       x.scalar_type() == torch::kFloat && weight.scalar_type() == torch::kFloat &&
                       !torch::GradMode::is_enabled() && !at::autocast::is_cpu_enabled() && o.groups() == 1 &&
                       (*o.kernel_size())[0] == 3 && (*o.kernel_size())[1] == 3 && (*o.stride())[0] == 1 &&
                       (*o.stride())[1] == 1 && (*o.dilation())[0] == 1 && (*o.dilation())[1] == 1 &&
                       pads_by_one(o.padding()) &&
                       x.size(1) == weight.size(1) && weight.size(1) == o.in_channels();
  if (!applies) return conv.forward(x);

  RECORD_FUNCTION("msma::winograd_conv3x3", std::vector<c10::IValue>{});  // a named operator in LibTorch's profiler
  const int64_t n = x.size(0), ic = x.size(1), h = x.size(2), w = x.size(3), oc = weight.size(0);
  const bool nhwc = x.suggest_memory_format() == at::MemoryFormat::ChannelsLast;
  const auto& bias = conv.bias;
  std::lock_guard<std::mutex> lock(state_->mutex);
  auto [it, added] = state_->plans.try_emplace({n, h, w, nhwc});
  Plan& plan = it->second;
  if (added) {
    try {
      const auto pd = winograd_descriptor(n, ic, oc, h, w, bias.defined());
      const auto f32 = memory::data_type::f32;
      const auto tag = nhwc ? memory::format_tag::nhwc : memory::format_tag::nchw;
      plan.user_src = memory::desc({n, ic, h, w}, f32, tag);
      plan.user_dst = memory::desc({n, oc, h, w}, f32, tag);
      plan.src = pd.src_desc();
      plan.dst = pd.dst_desc();
      plan.weights = memory(pd.weights_desc(), cpu_engine());
      plan.to_src = dnnl::reorder(dnnl::reorder::primitive_desc(cpu_engine(), plan.user_src, cpu_engine(), pd.src_desc()));
      plan.from_dst = dnnl::reorder(dnnl::reorder::primitive_desc(cpu_engine(), pd.dst_desc(), cpu_engine(), plan.user_dst));
      plan.conv = dnnl::convolution_forward(pd);
      plan.supported = true;
    } catch (const dnnl::error&) {
      plan.supported = false;  // no Winograd kernel for this shape or CPU: LibTorch's path, every time
    }
  }
  if (!plan.supported) return conv.forward(x);

  dnnl::stream stream(cpu_engine());
  const auto f32 = memory::data_type::f32;
  // The weights in the kernel's layout, made again after any in-place write to them.
  if (!plan.weights_from.matches(weight)) {
    const auto wc = weight.contiguous();
    memory user_weights(memory::desc({oc, ic, 3, 3}, f32, memory::format_tag::oihw), cpu_engine(), wc.data_ptr());
    dnnl::reorder(user_weights, plan.weights).execute(stream, user_weights, plan.weights);
    stream.wait();
    plan.weights_from = Stamp::of(weight);
  }
  const auto xin = x.contiguous(nhwc ? at::MemoryFormat::ChannelsLast : at::MemoryFormat::Contiguous);
  auto out = torch::empty({n, oc, h, w}, x.options().memory_format(nhwc ? at::MemoryFormat::ChannelsLast
                                                                        : at::MemoryFormat::Contiguous));
  memory user_src(plan.user_src, cpu_engine(), xin.data_ptr()), user_dst(plan.user_dst, cpu_engine(), out.data_ptr());
  // Blocked buffers from LibTorch's allocator (64-byte aligned, as oneDNN wants).
  const auto blocked = [&](const memory::desc& d) {
    return torch::empty({static_cast<int64_t>((d.get_size() + sizeof(float) - 1) / sizeof(float))}, x.options());
  };
  const auto src_buffer = blocked(plan.src), dst_buffer = blocked(plan.dst);
  memory src(plan.src, cpu_engine(), src_buffer.data_ptr()), dst(plan.dst, cpu_engine(), dst_buffer.data_ptr());
  std::unordered_map<int, memory> args{{DNNL_ARG_SRC, src}, {DNNL_ARG_WEIGHTS, plan.weights}, {DNNL_ARG_DST, dst}};
  torch::Tensor bc;
  if (bias.defined()) {
    bc = bias.contiguous();
    args.emplace(DNNL_ARG_BIAS, memory(memory::desc({oc}, f32, memory::format_tag::x), cpu_engine(), bc.data_ptr()));
  }
  try {
    plan.to_src.execute(stream, user_src, src);
    plan.conv.execute(stream, args);
    plan.from_dst.execute(stream, dst, user_dst);
    stream.wait();
  } catch (const dnnl::error& e) {
    throw Error(std::string("oneDNN's Winograd convolution failed: ") + e.what());
  }
  return out;
#else
  return conv.forward(x);
#endif
}

}  // namespace msma
