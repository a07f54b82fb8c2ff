CREATE TABLE `categories` (
	`id` text PRIMARY KEY NOT NULL,
	`name_zh` text NOT NULL,
	`name_en` text NOT NULL,
	`requirements` text NOT NULL,
	`test_without_report` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `certificates` (
	`id` text PRIMARY KEY NOT NULL,
	`type` text NOT NULL,
	`number` text NOT NULL,
	`issuer` text NOT NULL,
	`issue_date` text NOT NULL,
	`valid_until` text,
	`quantity` real,
	`unit` text,
	`raw` text,
	`photo` blob,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	FOREIGN KEY (`created_by`) REFERENCES `operators`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `certificates_type_number` ON `certificates` (`type`,`number`);--> statement-breakpoint
CREATE TABLE `entry_checks` (
	`id` text PRIMARY KEY NOT NULL,
	`lot_id` text NOT NULL,
	`outcome` text NOT NULL,
	`reasons` text NOT NULL,
	`source` text NOT NULL,
	`overridden_from` text,
	`override_reason` text,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	FOREIGN KEY (`lot_id`) REFERENCES `lots`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `operators`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `entry_checks_lot_id_unique` ON `entry_checks` (`lot_id`);--> statement-breakpoint
CREATE INDEX `entry_checks_created_at` ON `entry_checks` (`created_at`);--> statement-breakpoint
CREATE TABLE `entry_overrides` (
	`id` text PRIMARY KEY NOT NULL,
	`entry_id` text NOT NULL,
	`from_outcome` text NOT NULL,
	`to_outcome` text NOT NULL,
	`reason` text NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	FOREIGN KEY (`entry_id`) REFERENCES `entry_checks`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `operators`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `lot_certificates` (
	`lot_id` text NOT NULL,
	`certificate_id` text NOT NULL,
	PRIMARY KEY(`lot_id`, `certificate_id`),
	FOREIGN KEY (`lot_id`) REFERENCES `lots`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`certificate_id`) REFERENCES `certificates`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `lot_certificates_certificate` ON `lot_certificates` (`certificate_id`);--> statement-breakpoint
CREATE TABLE `lots` (
	`id` text PRIMARY KEY NOT NULL,
	`code_key` text NOT NULL,
	`code_kind` text NOT NULL,
	`raw_scan` text NOT NULL,
	`gtin` text,
	`batch` text,
	`expiry_date` text,
	`supplier_id` text NOT NULL,
	`variety_id` text NOT NULL,
	`quantity` real NOT NULL,
	`unit` text NOT NULL,
	`status` text NOT NULL,
	`zone` text NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	FOREIGN KEY (`supplier_id`) REFERENCES `subjects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`variety_id`) REFERENCES `varieties`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `operators`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `lots_code_key_unique` ON `lots` (`code_key`);--> statement-breakpoint
CREATE INDEX `lots_supplier` ON `lots` (`supplier_id`);--> statement-breakpoint
CREATE TABLE `operators` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`role` text NOT NULL,
	`pin_hash` text NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text
);
--> statement-breakpoint
CREATE TABLE `subjects` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`uscc` text,
	`contact` text,
	`blocked` integer DEFAULT false NOT NULL,
	`blocked_reason` text,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text NOT NULL,
	FOREIGN KEY (`created_by`) REFERENCES `operators`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`updated_by`) REFERENCES `operators`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `subjects_kind_uscc` ON `subjects` (`kind`,`uscc`) WHERE uscc is not null;--> statement-breakpoint
CREATE TABLE `varieties` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`category_id` text NOT NULL,
	`default_unit` text NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text,
	FOREIGN KEY (`category_id`) REFERENCES `categories`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `operators`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `varieties_name_unique` ON `varieties` (`name`);