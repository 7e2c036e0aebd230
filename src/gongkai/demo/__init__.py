"""The demo agency that `gongkai demo` loads: 贵州省科学技术厅, modelled on its 2017 annual report on
government information disclosure (see the shared reference). Everything here is demonstration
data: generated deterministically, loaded idempotently, never needed in production."""
