CREATE TABLE `disposal_lots` (
	`disposal_id` text NOT NULL,
	`lot_id` text NOT NULL,
	`prior_status` text NOT NULL,
	PRIMARY KEY(`disposal_id`, `lot_id`),
	FOREIGN KEY (`disposal_id`) REFERENCES `disposals`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`lot_id`) REFERENCES `lots`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `disposal_lots_lot` ON `disposal_lots` (`lot_id`);--> statement-breakpoint
CREATE TABLE `disposals` (
	`id` text PRIMARY KEY NOT NULL,
	`certificate_number` text NOT NULL,
	`lot_id` text NOT NULL,
	`quantity` real NOT NULL,
	`unit` text NOT NULL,
	`weighed` integer NOT NULL,
	`reason` text NOT NULL,
	`reason_text` text,
	`method` text NOT NULL,
	`method_text` text,
	`operator_id` text NOT NULL,
	`witness_id` text NOT NULL,
	`operator_confirmed_at` text NOT NULL,
	`witness_confirmed_at` text NOT NULL,
	`shredder_mode` text,
	`run_started_at` integer,
	`run_ended_at` integer,
	`run_duration_ms` integer,
	`run_evidence` text,
	`flag` text,
	`photo_before` blob,
	`photo_after` blob,
	`certificate_pdf` blob NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	FOREIGN KEY (`lot_id`) REFERENCES `lots`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`operator_id`) REFERENCES `operators`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`witness_id`) REFERENCES `operators`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `operators`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `disposals_certificate_number_unique` ON `disposals` (`certificate_number`);--> statement-breakpoint
CREATE TABLE `hold_lots` (
	`hold_id` text NOT NULL,
	`lot_id` text NOT NULL,
	`prior_status` text NOT NULL,
	`prior_zone` text NOT NULL,
	PRIMARY KEY(`hold_id`, `lot_id`),
	FOREIGN KEY (`hold_id`) REFERENCES `holds`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`lot_id`) REFERENCES `lots`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `hold_lots_lot` ON `hold_lots` (`lot_id`);--> statement-breakpoint
CREATE TABLE `holds` (
	`id` text PRIMARY KEY NOT NULL,
	`lot_id` text NOT NULL,
	`reason` text NOT NULL,
	`note` text,
	`test_id` text,
	`status` text NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	`released_at` text,
	`released_by` text,
	`release_reason` text,
	FOREIGN KEY (`lot_id`) REFERENCES `lots`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`test_id`) REFERENCES `rapid_tests`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `operators`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`released_by`) REFERENCES `operators`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `holds_lot` ON `holds` (`lot_id`);--> statement-breakpoint
CREATE TABLE `rapid_tests` (
	`id` text PRIMARY KEY NOT NULL,
	`lot_id` text NOT NULL,
	`item_id` text NOT NULL,
	`kit_lot` text,
	`value` real,
	`reading` text,
	`unit` text,
	`threshold` real,
	`verdict` text NOT NULL,
	`needs_lab_confirmation` integer NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	FOREIGN KEY (`lot_id`) REFERENCES `lots`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `operators`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `rapid_tests_lot` ON `rapid_tests` (`lot_id`);--> statement-breakpoint
CREATE TABLE `secrets` (
	`name` text PRIMARY KEY NOT NULL,
	`value` blob NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `test_selections` (
	`id` text PRIMARY KEY NOT NULL,
	`lot_id` text NOT NULL,
	`day` text NOT NULL,
	`reason` text NOT NULL,
	`has_report` integer NOT NULL,
	`note` text,
	`score` real,
	`p` real,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	FOREIGN KEY (`lot_id`) REFERENCES `lots`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `operators`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `test_selections_lot_id_unique` ON `test_selections` (`lot_id`);--> statement-breakpoint
CREATE INDEX `test_selections_day` ON `test_selections` (`day`);