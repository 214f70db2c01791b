-- Visits reach people's notifications, and a host can close an offer.

-- A notification is about a session or about a visit booking.
ALTER TABLE notifications ADD COLUMN visit_booking_id INTEGER REFERENCES visit_bookings(id);
CREATE INDEX notifications_visit ON notifications(visit_booking_id);

-- A closed offer takes no new bookings; its bookings stand.
ALTER TABLE visit_offers ADD COLUMN closed_at TEXT;
