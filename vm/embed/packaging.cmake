# The installable embedding libraries (docs/embedding.md):
#   libgirder.so  the C API only (girder_* symbols; girder.map hides the rest)
#   libgirder.a   every static library of the runtime merged into one
# plus the headers, a CMake package (find_package(girder) -> girder::girder,
# girder::girder_static) and girder.pc, under `cmake --install`.
include(GNUInstallDirs)
set(GIRDER_VERSION 0.1.0)
set(GIRDER_SOVERSION 0)

# The runtime's two files again, compiled without the JIT: Debian ships
# asmjit only as a static archive built without -fPIC, which no shared
# object can contain, so libgirder.so interprets (libgirder.a, below, has
# the JIT). The rest comes from the libraries under girder_runtime, built
# position-independent (see the top-level CMakeLists.txt).
if(GIRDER_PIC)
add_library(girder_shared SHARED ${CMAKE_CURRENT_SOURCE_DIR}/runtime.cpp ${CMAKE_CURRENT_SOURCE_DIR}/capi.cpp)
target_compile_definitions(girder_shared PRIVATE GIRDER_WITHOUT_JIT=1)
target_link_libraries(girder_shared PRIVATE girder_compiler girder_loader girder_stdlib girder_vm)
target_include_directories(girder_shared PUBLIC $<BUILD_INTERFACE:${CMAKE_CURRENT_SOURCE_DIR}/include>)
set_target_properties(girder_shared PROPERTIES
  OUTPUT_NAME girder
  VERSION ${GIRDER_VERSION}
  SOVERSION ${GIRDER_SOVERSION}
  LINK_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/girder.map)
target_link_options(girder_shared PRIVATE -Wl,--version-script=${CMAKE_CURRENT_SOURCE_DIR}/girder.map
                    -Wl,--no-undefined)
install(TARGETS girder_shared LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
else()
  message(STATUS "GIRDER_PIC=OFF: no libgirder.so (the static library is still built)")
endif()

# One static archive from the runtime's archives (ar's MRI script).
set(GIRDER_STATIC_PARTS girder_runtime girder_compiler girder_loader girder_headers girder_stdlib girder_jit
    girder_vm)
set(GIRDER_STATIC_OUT ${CMAKE_CURRENT_BINARY_DIR}/libgirder.a)
set(GIRDER_MRI ${CMAKE_CURRENT_BINARY_DIR}/libgirder.mri)
set(mri "create ${GIRDER_STATIC_OUT}\n")
foreach(part ${GIRDER_STATIC_PARTS})
  string(APPEND mri "addlib $<TARGET_FILE:${part}>\n")
endforeach()
string(APPEND mri "save\nend\n")
file(GENERATE OUTPUT ${GIRDER_MRI} CONTENT "${mri}")
add_custom_command(
  OUTPUT ${GIRDER_STATIC_OUT}
  COMMAND ${CMAKE_COMMAND} -E remove -f ${GIRDER_STATIC_OUT}
  COMMAND ${CMAKE_AR} -M < ${GIRDER_MRI}
  DEPENDS ${GIRDER_STATIC_PARTS} ${GIRDER_MRI}
  COMMENT "Merging the runtime's archives into libgirder.a"
  VERBATIM)
add_custom_target(girder_static ALL DEPENDS ${GIRDER_STATIC_OUT})

configure_file(${CMAKE_CURRENT_SOURCE_DIR}/girder.pc.in ${CMAKE_CURRENT_BINARY_DIR}/girder.pc @ONLY)
configure_file(${CMAKE_CURRENT_SOURCE_DIR}/girderConfig.cmake.in ${CMAKE_CURRENT_BINARY_DIR}/girderConfig.cmake
               @ONLY)
include(CMakePackageConfigHelpers)
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/girderConfigVersion.cmake
                                 VERSION ${GIRDER_VERSION} COMPATIBILITY SameMajorVersion)

install(FILES ${GIRDER_STATIC_OUT} DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(FILES ${CMAKE_CURRENT_SOURCE_DIR}/include/girder.h ${CMAKE_CURRENT_SOURCE_DIR}/include/girder.hpp
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/girder.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/girderConfig.cmake ${CMAKE_CURRENT_BINARY_DIR}/girderConfigVersion.cmake
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/girder)
