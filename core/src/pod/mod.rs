//! Core v1 pod logic shared by the Job resource and the simulated controller.

pub mod defaults;
