ALTER TABLE `print_jobs` ADD `purpose` text DEFAULT 'labels' NOT NULL;--> statement-breakpoint
ALTER TABLE `print_jobs` ADD `confirmed_by` text REFERENCES operators(id);--> statement-breakpoint
ALTER TABLE `printers` ADD `purpose` text DEFAULT 'labels' NOT NULL;--> statement-breakpoint
ALTER TABLE `printers` ADD `is_default` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `printers` ADD `encoding` text DEFAULT 'gbk' NOT NULL;