//! Exports of `internal.nativelib.NativeLibrary`.

use super::guard;
use jni::objects::JClass;
use jni::sys::{jint, jstring};
use jni::JNIEnv;

#[no_mangle]
pub extern "system" fn Java_org_apache_flink_streaming_connectors_cassandra_internal_nativelib_NativeLibrary_version<
    'l,
>(
    mut env: JNIEnv<'l>,
    _class: JClass<'l>,
) -> jstring {
    guard(&mut env, std::ptr::null_mut(), |env| {
        Ok(env.new_string(env!("CARGO_PKG_VERSION"))?.into_raw())
    })
}

#[no_mangle]
pub extern "system" fn Java_org_apache_flink_streaming_connectors_cassandra_internal_nativelib_NativeLibrary_initLogging<
    'l,
>(
    mut env: JNIEnv<'l>,
    _class: JClass<'l>,
    max_level: jint,
) {
    guard(&mut env, (), |_| {
        crate::logging::install(crate::logging::level_filter(max_level));
        Ok(())
    })
}

/// The contract version this library was built with; Java checks it right after loading.
#[no_mangle]
pub extern "system" fn Java_org_apache_flink_streaming_connectors_cassandra_internal_nativelib_NativeLibrary_abiVersion<
    'l,
>(
    mut env: JNIEnv<'l>,
    _class: JClass<'l>,
) -> jint {
    guard(&mut env, 0, |_| Ok(crate::wire::ABI_VERSION))
}

/// Every contract constant as `name=value` lines, for Java's contract test.
#[no_mangle]
pub extern "system" fn Java_org_apache_flink_streaming_connectors_cassandra_internal_nativelib_NativeLibrary_contract<
    'l,
>(
    mut env: JNIEnv<'l>,
    _class: JClass<'l>,
) -> jstring {
    guard(&mut env, std::ptr::null_mut(), |env| {
        Ok(env.new_string(crate::wire::contract())?.into_raw())
    })
}
