#pragma once
// NumPy .npy (format 1.0/2.0/3.0), C order. Used for image arrays and for N×L score matrices.
#include <Eigen/Core>
#include <filesystem>
#include <string>
#include <vector>

namespace msma {

struct NpyArray {
  std::string descr;               // e.g. "|u1", "<f4", "<f8"
  std::vector<std::size_t> shape;  // C order
  std::string data;                // raw little-endian bytes, exactly prod(shape)*itemsize
};

bool is_npy(const std::string& head);
NpyArray parse_npy(std::string bytes, const std::string& what);
NpyArray read_npy(const std::filesystem::path& path);

// N×L float matrix (float32 or float64 files, 2-D, or 1-D read as a column).
Eigen::MatrixXd read_npy_matrix(const std::filesystem::path& path);
// Writes float32, atomically.
void write_npy_matrix(const std::filesystem::path& path, const Eigen::MatrixXd& m);
void write_npy_vector(const std::filesystem::path& path, const std::vector<double>& v);
std::string npy_bytes_u8(const std::vector<std::size_t>& shape, const std::uint8_t* data);
std::string npy_bytes_f32(const std::vector<std::size_t>& shape, const float* data);

}  // namespace msma
