/** Payloads copied from the seed documents (valid as printed), for unit tests that must not depend on fixture files. */
export const UBER = {
  driver_id: "1a8e9cf5-ee45-4c8a-a5cd-7d32c9515d72",
  event_id: "6f0d8726-3b25-4e6e-9268-5ab6c3a78b4f",
  event_time: 1697253089123,
  event_type: "REALTIME_DRIVER_STATUS_CHANGE",
  location: { latitude: 38.899349, longitude: -122.414592 },
  org_id: "9t54qzKl3pRg7UdY_O5DlLOH3t3oOcNdK3pIW1q6NiJ8KxGbsAV-C9lWtT6T1qlpGQ6SHobVJJaO2lUiBU3G5M-wOggAMz8NqToBlNQVr90uaLiDLbU9P9xAtdTFqinNw==",
  resource_href: "https://api.uber.com/v1/vehicle-suppliers/realtime/driver/status/change",
  status: "DRIVER_STATUS_ENROUTE",
  vehicle_id: "c50b508a-7040-4a77-b290-8f8c2c96f43d",
  webhook_meta: {
    client_id: "a3ef6mCIqspWQgyFFexMVTgbRKMwNlF0",
    webhook_config_id: "vehicle-solutions.ep-realtime-driver-status-change",
    webhook_msg_timestamp: 1699877427,
    webhook_msg_uuid: "670532a8-ca01-4b4f-b145-d7ca5d945448",
  },
};

export const EVENTS_PUSH = {
  Event: "overspeed",
  Changes: 50,
  Device_Time: "2024-06-28T17:52:13.000000+0000",
  IMEI: "350612075195931",
  Server_Time: "2024-06-28T18:49:45.000000+0000",
  Coordinates: "22.927968,75.533275",
  Location: "Indore - Depalpur - Ingoriya Road, Kharsora, Birgoda, Depalpur Tahsil, Indore District, Madhya Pradesh, 453220, India",
  Geofence_Name: null as string | null,
};

const CAR = {
  battery_level: 11.8,
  vin: "5FNRL38249B044393",
  longitude: -79.7709333333,
  key: "sample_car_key",
  latitude: 32.8544866667,
  fuel_level: 43,
  nickname: "HO787189",
  id: "uZzLznvZLk8",
};

export const ZUBIE_TRIP_END = {
  user_id: "vxXDeLFxMPHEUfNcG8BmLB",
  account_id: "CrTLZuPfq8T4SG4UKWKqKV",
  user_key: "sample_user_key",
  timestamp: "2019-09-27T13:35:35-04:00",
  account_key: "sample_account_key",
  event: "trip_end",
  car: CAR,
  trip: {
    speeding_city_minor_count: null,
    ended_timestamp: "2019-09-27T13:35:35-04:00",
    idle_time: 0,
    fuel_cost_currency_code: "USD",
    ended_latitude: 32.8544833333,
    points_hwy_count: null,
    hard_brakes: 0,
    id: "123456",
    speeding_hwy_major_count: null,
    fuel_cost: 2.54,
    rapid_accels: 0,
    speeding_hwy_minor_count: null,
    started_longitude: null,
    ended_longitude: -79.77094,
    max_speed: 52.81642006543949,
    started_address: null,
    key: "sample_trip_key",
    distance: 14.369830191680585,
    points_city_count: null,
    started_timestamp: "2019-09-27T13:00:00-04:00",
    speeding_city_major_count: null,
    ended_address: null,
    started_latitude: null,
  },
};

/** trip_over_speeding as repaired (the seed misses a comma): newer `vehicle`, point and trip shapes. */
export const ZUBIE_OVER_SPEEDING = {
  user_id: "vxXDeLFxMPHEUfNcG8BmLB",
  account_id: "CrTLZuPfq8T4SG4UKWKqKV",
  user_key: "sample_user_key",
  account_key: "sample_account_key",
  event: "trip_over_speeding",
  timestamp: "2019-09-27T15:59:42-05:00",
  point: {
    acceleration: 2.572476735862563,
    gps_quality: 0.6,
    gps_timestamp: null,
    heading: 2,
    key: "sample_trip_point_key",
    point: { lat: 44.49585, lon: -93.291433 },
    rpm: 3362,
    speed: 81.39942386555968,
    speed_by_second: null,
    timestamp: "2019-09-27T15:59:42-05:00",
  },
  trip: {
    distance: null,
    end_point: null,
    fuel_cost: null,
    fuel_cost_currency_code: "USD",
    hard_accel_count: 1,
    hard_brake_count: 2,
    idle_seconds: null,
    key: "sample_trip_key",
    points_city_count: 46,
    points_hwy_count: null,
    speeding_city_major_count: null,
    speeding_city_minor_count: null,
    speeding_hwy_major_count: null,
    speeding_hwy_minor_count: null,
    start_point: {
      address: { city: "Northfield", state: "MN", street: "1599 Lindberg Ct", zipcode: null },
      point: { lat: 44.444, lon: -93.144383 },
      timestamp: "2019-09-27T15:41:47-05:00",
    },
    top_speed: 81.39942386555968,
  },
  vehicle: {
    battery_level: null,
    fuel_level: 5,
    key: "sample_vehicle_key",
    nickname: "2003 Mazda MX-5 Miata",
    vehicle_location: { point: { lat: 44.49585, lon: -93.291433 } },
    vin: "JM1NB353130305984",
  },
};

/** vehicle_maintenance as repaired: no user/account keys in the sample. */
export const ZUBIE_MAINTENANCE = {
  event: "vehicle_maintenance",
  id: "8ZGwUTsMPoSVEMvbPcxUBx",
  kind: "VehicleMaintenanceEvent",
  timestamp_offset: 0,
  car: { battery_level: 12.4, fuel_level: 80, id: "Ry2RhXHszGu", key: "sample_car_key", nickname: "2010 Mercedes-Benz E-Class", vin: "WDDHF8HB0AA115852" },
  maintenance: {
    description: "Keep your oil fresh for a healthy engine.",
    id: "9fp553DVRNf",
    key: "sample_maintenance_event_key",
    next_service_date: "2015-12-10",
    next_service_miles: null,
    summary: "Oil Change",
  },
  timestamp: "2019-12-10T15:00:01+00:00",
};

/** An Automatic event in the shape of its real-time events reference (seed 000). */
export const AUTOMATIC_SPEEDING = {
  id: "E_8b9a7c6d5e4f3a2b",
  user: { id: "U_1234567890abcdef", url: "https://api.automatic.com/user/U_1234567890abcdef/" },
  type: "notification:speeding",
  created_at: "2016-03-14T17:02:45.000Z",
  time_zone: "America/Los_Angeles",
  location: { lat: 37.757076, lon: -122.44812, accuracy_m: 10 },
  vehicle: { id: "C_fedcba0987654321", url: "https://api.automatic.com/vehicle/C_fedcba0987654321/" },
  device: { id: "D_0123456789abcdef" },
  velocity_kph: 121.5,
};

/** A deep copy that a test may change. */
export function copy<T>(value: T): T {
  return structuredClone(value);
}
