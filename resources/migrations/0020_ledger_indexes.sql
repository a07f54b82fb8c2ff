CREATE INDEX `certificates_number` ON `certificates` (`number`);--> statement-breakpoint
CREATE INDEX `entry_overrides_entry` ON `entry_overrides` (`entry_id`);--> statement-breakpoint
CREATE INDEX `lots_gate_day` ON `lots` (`created_at`,`variety_id`,`parent_lot_id`) WHERE parent_lot_id is null;--> statement-breakpoint
CREATE INDEX `lots_gate_supplier` ON `lots` (`supplier_id`,`created_at`,`parent_lot_id`) WHERE parent_lot_id is null;--> statement-breakpoint
CREATE INDEX `lots_gate_stall` ON `lots` (`stall_id`,`created_at`,`parent_lot_id`) WHERE parent_lot_id is null;--> statement-breakpoint
CREATE INDEX `lots_gate_status` ON `lots` (`status`,`created_at`,`parent_lot_id`) WHERE parent_lot_id is null;--> statement-breakpoint
CREATE INDEX `lots_gate_operator` ON `lots` (`created_by`,`created_at`,`parent_lot_id`) WHERE parent_lot_id is null;--> statement-breakpoint
CREATE INDEX `lots_gtin` ON `lots` (`gtin`) WHERE gtin is not null;--> statement-breakpoint
CREATE INDEX `outbox_lot` ON `outbox` (`lot_id`);--> statement-breakpoint
CREATE INDEX `print_jobs_lot` ON `print_jobs` (`lot_id`);